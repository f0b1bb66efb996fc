import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { isoDay } from './dates';

/** Who the suite signs in as; the demo sign-ins unless the environment names others (see e2e/README.md). */
export const accounts = {
  admin: process.env.E2E_ADMIN_EMAIL ?? 'admin@orga.example',
  otherAdmin: process.env.E2E_OTHER_ADMIN_EMAIL ?? 'admin@orgb.example',
  password: process.env.E2E_PASSWORD ?? 'Omni-Demo-2026!',
};

/** Saved sign-ins of the two admins, written by auth.setup.ts. */
export const state = { admin: '.auth/admin.json', otherAdmin: '.auth/other-admin.json' } as const;

export type Authorization = {
  id: string; authNumber: string; patientId: string; serviceCode: string; totalUnits: number; usedUnits: number;
  scheduledUnits: number; availableUnits: number; status: string; successorId: string | null;
};
export type Patient = { id: string; name: string; initials: string };
export type Practitioner = { id: string; email: string; name: string; credential: 'RBT' | 'BCaBA' | 'BCBA' };
export type PayerTerms = {
  allowsTelehealth?: boolean; weekStartsOn?: string; fees?: Record<string, number>; requiresCaregiverSignature?: boolean; timelyFilingDays?: number;
};
export type Limits = { perDay?: number; perWeek?: number; perMonth?: number };

/** A unique, short suffix for names and numbers, so runs and workers never meet. */
export function unique() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

/** A valid NPI from nine digits: CMS's check digit, Luhn over 80840 and them. */
export function npiOf(firstNine: string) {
  const digits = `80840${firstNine}`.split('').map(Number);
  let sum = 0;
  digits.reverse().forEach((digit, i) => {
    const value = i % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(value / 10) + (value % 10);
  });
  return `${firstNine}${(10 - (sum % 10)) % 10}`;
}

/** A valid NPI no other run is likely to hold: an organization's practitioners never share one. */
export function randomNpi() {
  return npiOf(`1${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`);
}

/** An admin's API client: a bearer token from `/auth/login`, and the calls journeys build their data with. */
export class Api {
  private constructor(readonly request: APIRequestContext) {}

  static async signIn(baseURL: string, email: string, password = accounts.password) {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const login = await anonymous.post('/api/v1/auth/login', { data: { email, password } });
    expect(login.status(), `sign-in of ${email}: ${await login.text()}`).toBe(200);
    const { accessToken } = await login.json();
    await anonymous.dispose();
    return new Api(await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${accessToken}` } }));
  }

  async post<T>(path: string, data: unknown, status = [200, 201]): Promise<T> {
    const response = await this.request.post(`/api/v1${path}`, { data });
    expect(status, `POST ${path}: ${response.status()} ${await response.text()}`).toContain(response.status());
    return response.json();
  }

  async put(path: string, data: unknown) {
    const response = await this.request.put(`/api/v1${path}`, { data });
    expect(response.status(), `PUT ${path}: ${response.status()} ${await response.text()}`).toBe(204);
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.request.get(`/api/v1${path}`);
    expect(response.ok(), `GET ${path}: ${response.status()}`).toBeTruthy();
    return response.json();
  }

  authorization(id: string) {
    return this.get<Authorization>(`/authorizations/${id}`);
  }

  async patient(firstName: string, lastName = `Test${unique()}`, usualPlaceOfService = '11'): Promise<Patient> {
    const created = await this.post<{ id: string; name: string }>('/patients', {
      firstName, lastName, dateOfBirth: isoDay(-6 * 365), memberId: `E2E-${unique()}`, usualPlaceOfService,
    });
    await this.put(`/patients/${created.id}/billing`, { diagnosisCodes: ['F84.0'] });
    return { ...created, initials: `${firstName[0]}.${lastName[0]}.` };
  }

  async practitioner(credential: Practitioner['credential']): Promise<Practitioner> {
    const email = `e2e-${credential.toLowerCase()}-${unique().toLowerCase()}@qa.example`;
    const lastName = `Test${unique()}`;
    const created = await this.post<{ practitionerId: string }>('/users', {
      displayName: `${credential} ${lastName}`, email, password: accounts.password, role: 'Practitioner', firstName: 'Sam', lastName, credential,
    });
    return { id: created.practitionerId, email, name: `Sam ${lastName}`, credential };
  }

  /** A payer of its own with the terms a journey depends on, so the organization's payers cannot change its outcome. */
  payer(terms: PayerTerms) {
    return this.post<{ id: string; name: string }>('/payers', { name: `E2E payer ${unique()}`, weekStartsOn: 'Sunday', ...terms });
  }

  /** Gives the practitioner an NPI, as a session needs before it is verified and billed. */
  async giveNpi(practitioner: { id: string }) {
    const response = await this.request.put(`/api/v1/practitioners/${practitioner.id}/npi`, { data: { npi: randomNpi() } });
    expect(response.status(), `PUT npi: ${response.status()} ${await response.text()}`).toBe(200);
  }

  authorize(patient: Patient, serviceCode: string, options: { totalUnits?: number; payerId?: string; limits?: Limits; startDay?: number; endDay?: number } = {}) {
    return this.post<Authorization>('/authorizations', {
      patientId: patient.id, serviceCode, authNumber: `E2E-${serviceCode}-${unique()}`, startDate: isoDay(options.startDay ?? -45), endDate: isoDay(options.endDay ?? 150),
      totalUnits: options.totalUnits ?? 400, ...(options.payerId ? { payerId: options.payerId } : {}), ...(options.limits ? { limits: options.limits } : {}),
    });
  }

  dispose() {
    return this.request.dispose();
  }
}

/**
 * What a journey's clinic needs beyond the defaults. Its authorizations start 7 days ago unless `startDay` says
 * otherwise: too recent for the forecast to judge, so no journey's reserves put anything on the admin's worklist.
 */
export type ScenarioOptions = { payer?: PayerTerms; limits?: Limits; totalUnits?: number; startDay?: number };

/**
 * A clinic of the journey's own, built through the API: a patient with a 97153 and a 97155 authorization, and an RBT
 * and a BCBA with empty calendars. Nothing another journey or run does can touch it.
 */
export type Scenario = {
  patient: Patient;
  treatment: Authorization;
  supervision: Authorization;
  payer: { id: string; name: string } | null;
  rbt: Practitioner;
  bcba: Practitioner;
  /** Another patient with a 97153 authorization on the same terms. */
  addPatient(firstName: string, lastName?: string): Promise<{ patient: Patient; treatment: Authorization }>;
};

/** A page of its own context, signed in through the sign-in form. */
export async function signedInPage(browser: Browser, email: string, password = accounts.password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/Account/Login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  return page;
}

type Fixtures = {
  scenarioOptions: ScenarioOptions;
  scenario: Scenario;
  adminPage: Page;
  otherAdminPage: Page;
  rbtPage: Page;
  bcbaPage: Page;
  /** A front-desk user of its own (the Scheduler role), signed in. */
  schedulerPage: Page;
};

type WorkerFixtures = { api: Api; otherApi: Api };

export const test = base.extend<Fixtures, WorkerFixtures>({
  api: [async ({}, use, workerInfo) => {
    const api = await Api.signIn(workerInfo.project.use.baseURL!, accounts.admin);
    await use(api);
    await api.dispose();
  }, { scope: 'worker' }],
  otherApi: [async ({}, use, workerInfo) => {
    const api = await Api.signIn(workerInfo.project.use.baseURL!, accounts.otherAdmin);
    await use(api);
    await api.dispose();
  }, { scope: 'worker' }],
  scenarioOptions: [{}, { option: true }],
  scenario: async ({ api, scenarioOptions }, use) => {
    const payer = scenarioOptions.payer ? await api.payer(scenarioOptions.payer) : null;
    const terms = { payerId: payer?.id, limits: scenarioOptions.limits, totalUnits: scenarioOptions.totalUnits, startDay: scenarioOptions.startDay ?? -7 };
    const patient = await api.patient('Robin');
    const [treatment, supervision, rbt, bcba] = await Promise.all([
      api.authorize(patient, '97153', terms), api.authorize(patient, '97155', { payerId: payer?.id, startDay: terms.startDay }), api.practitioner('RBT'), api.practitioner('BCBA'),
    ]);
    await use({
      patient, treatment, supervision, payer, rbt, bcba,
      addPatient: async (firstName, lastName) => {
        const other = await api.patient(firstName, lastName);
        return { patient: other, treatment: await api.authorize(other, '97153', terms) };
      },
    });
  },
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext({ storageState: state.admin });
    await use(await context.newPage());
    await context.close();
  },
  otherAdminPage: async ({ browser }, use) => {
    const context = await browser.newContext({ storageState: state.otherAdmin });
    await use(await context.newPage());
    await context.close();
  },
  rbtPage: async ({ browser, scenario }, use) => {
    const page = await signedInPage(browser, scenario.rbt.email);
    await use(page);
    await page.context().close();
  },
  bcbaPage: async ({ browser, scenario }, use) => {
    const page = await signedInPage(browser, scenario.bcba.email);
    await use(page);
    await page.context().close();
  },
  schedulerPage: async ({ browser, api }, use) => {
    const email = `e2e-desk-${unique().toLowerCase()}@qa.example`;
    await api.post('/users', { displayName: `Desk ${unique()}`, email, password: accounts.password, role: 'Scheduler' }, [201]);
    const page = await signedInPage(browser, email);
    await use(page);
    await page.context().close();
  },
});

export { expect };
