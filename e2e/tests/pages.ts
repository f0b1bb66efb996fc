import { expect, type Locator, type Page } from '@playwright/test';

/** Blazor pages are prerendered; a click before the circuit connects is lost, so wait for it. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('circuit-ready')).toBeAttached();
}

/** The week calendar at /schedule (the signed-in practitioner's) or /schedule/{id} (an admin's view of one). */
export class SchedulePage {
  constructor(readonly page: Page) {}

  async open(weeksAhead = 0, practitionerId?: string) {
    await open(this.page, practitionerId ? `/schedule/${practitionerId}` : '/schedule');
    await this.move(weeksAhead);
  }

  async move(weeks: number) {
    const button = this.page.getByRole('button', { name: weeks > 0 ? 'Next week' : 'Previous week' });
    for (let i = 0; i < Math.abs(weeks); i++) {
      await button.click();
    }
  }

  /** Opens the booking dialog on a weekday's slot of the week shown. */
  async openSlot(weekday: string, time: string) {
    await this.slot(weekday, time).click();
    return this.dialog();
  }

  slot(weekday: string, time: string) {
    return this.page.getByRole('button', { name: new RegExp(`^Book ${weekday} \\d+ \\w+ at ${time}$`) });
  }

  async dialog() {
    const dialog = new BookingDialog(this.page);
    await expect(dialog.root).toBeVisible();
    return dialog;
  }

  /** A session block, found by its status, the patient's initials, the code and the weekday and time it starts. */
  session(status: 'Scheduled' | 'Completed' | 'Cancelled' | 'NoShow', initials: string, code: string, when = '') {
    const escaped = `${status} session ${initials} ${code}, ${when}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.page.getByRole('button', { name: new RegExp(`^${escaped}`) });
  }
}

/** The booking dialog: MudBlazor selects, the preview and the claim line, book or cancel. */
export class BookingDialog {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog');
  }

  async choose(label: string, option: string | RegExp) {
    await this.root.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option }).click();
    await expect(this.page.getByRole('option')).toHaveCount(0);
  }

  get preview() {
    return this.page.getByTestId('booking-preview');
  }

  get claimLine() {
    return this.page.getByTestId('booking-claim-line');
  }

  get bookButton() {
    return this.page.getByRole('button', { name: 'Book', exact: true });
  }

  message(text: string) {
    return this.root.getByText(text, { exact: false });
  }

  async book() {
    await this.bookButton.click();
    await expect(this.root).toHaveCount(0);
  }

  async cancel() {
    await this.page.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.root).toHaveCount(0);
  }
}

/** A patient's page: a balance bar and its history per authorization. */
export class PatientPage {
  constructor(readonly page: Page) {}

  async open(patient: { id: string; name: string }) {
    await open(this.page, `/patients/${patient.id}`);
    await expect(this.page.getByRole('heading', { level: 1, name: patient.name })).toBeVisible();
  }

  /** The panel of an authorization, found by its id (a renewal's panels name each other's numbers). */
  panel(authorization: { id: string }) {
    return this.page.locator('.mud-expand-panel').filter({ has: this.page.locator(`[data-testid=balance-bar][data-authorization="${authorization.id}"]`) });
  }

  async balance(authorization: { id: string }) {
    const panel = this.panel(authorization);
    const read = async (id: string) => Number(await panel.getByTestId(id).textContent());
    return { used: await read('used-units'), scheduled: await read('scheduled-units'), available: await read('available-units') };
  }

  async history(authorization: { id: string }) {
    const panel = this.panel(authorization);
    await panel.locator('.mud-expand-panel-header').click();
    return panel.getByRole('table');
  }
}

/** The admin's authorizations grid at /admin/authorizations. */
export class AuthorizationGrid {
  constructor(readonly page: Page) {}

  async open() {
    await open(this.page, '/admin/authorizations');
  }

  async create(a: { patient: string; code: RegExp; authNumber: string; start: string; end: string; totalUnits: number }) {
    await this.page.getByRole('button', { name: 'New authorization' }).click();
    const dialog = new BookingDialog(this.page);
    await dialog.choose('Patient', a.patient);
    await dialog.choose('Service code', a.code);
    await dialog.root.getByLabel('Auth number').fill(a.authNumber);
    for (const [label, value] of [['Start date', a.start], ['End date', a.end]]) {
      await dialog.root.getByLabel(label).fill(value);
      await dialog.root.getByLabel(label).press('Enter');
    }
    await dialog.root.getByLabel('Total units').fill(String(a.totalUnits));
    await this.page.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.root).toHaveCount(0);
  }

  /** Filters by patient name and waits until every row shown is that patient's, so the grid has settled. */
  async filter(patient: string) {
    await this.page.getByLabel('Patient').fill(patient);
    const rows = this.page.getByRole('table').locator('tbody tr');
    await expect(rows.first()).toContainText(patient);
    await expect(rows.filter({ hasNotText: patient })).toHaveCount(0);
  }

  async adjust(authNumber: string, totalUnits: number, reason: string) {
    await this.page.getByRole('button', { name: `Adjust total of ${authNumber}` }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('New total units').fill(String(totalUnits));
    await dialog.getByLabel('Reason').fill(reason);
    await this.page.getByRole('button', { name: 'Adjust total', exact: true }).click();
    await expect(dialog).toHaveCount(0);
  }
}
