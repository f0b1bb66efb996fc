import { expect, type Locator, type Page } from '@playwright/test';

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date written as the calendar writes it ("28 December 2026"), `days` later. */
function addDays(written: string, days: number) {
  const [day, month, year] = written.split(' ');
  const date = new Date(Date.UTC(Number(year), months.indexOf(month), Number(day) + days));
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Blazor pages are prerendered; a click before the circuit connects is lost, so wait for it. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('circuit-ready')).toBeAttached();
}

/**
 * Picks an option of a MudBlazor select in a dialog or form (the options render in a popover outside it) and waits
 * until the server has drawn the choice: a select without a value is an input that becomes hidden once it has one,
 * so a click aimed at it meanwhile would wait on a hidden element.
 */
export async function choose(root: Locator, label: string, option: string | RegExp) {
  const select = root.getByRole('combobox', { name: label });
  await select.click();
  await root.page().getByRole('option', { name: option }).click();
  await expect(root.page().getByRole('option')).toHaveCount(0);
  await expect(select).toContainText(option);
}

/**
 * Types a date into a MudBlazor date picker of a dialog or form, as a keyboard user does: type it, then Tab on (the
 * change commits it). Enter would open the picker's calendar over the fields below, from the server, so on a busy
 * machine after the next click was aimed.
 */
export async function fillDate(root: Locator, label: string, value: string) {
  const input = root.getByLabel(label);
  await input.fill(value);
  await input.press('Tab');
  await expect(input).toHaveValue(value);
  await expect(root.page().getByRole('dialog', { name: label })).toHaveCount(0);
}

/** The week calendar at /schedule (the signed-in practitioner's) or /schedule/{id} (an admin's view of one). */
export class SchedulePage {
  constructor(readonly page: Page) {}

  async open(weeksAhead = 0, practitionerId?: string) {
    await open(this.page, practitionerId ? `/schedule/${practitionerId}` : '/schedule');
    await this.move(weeksAhead);
  }

  /** Moves week by week, each time waiting for the calendar to show the week after (or before) the one it showed. */
  async move(weeks: number) {
    const button = this.page.getByRole('button', { name: weeks > 0 ? 'Next week' : 'Previous week' });
    for (let i = 0; i < Math.abs(weeks); i++) {
      const next = addDays(await this.monday(), Math.sign(weeks) * 7);
      await button.click();
      await expect(this.title).toContainText(`week of ${next}`);
    }
  }

  get title() {
    return this.page.getByTestId('week-title');
  }

  /** The Monday of the week shown, as the title writes it ("21 December 2026"). */
  async monday() {
    await expect(this.title).toContainText('week of');
    return /week of (\d{1,2} \w+ \d{4})/.exec(await this.title.innerText())![1];
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
  session(status: 'Scheduled' | 'Completed' | 'Documented' | 'Cancelled' | 'NoShow', initials: string, code: string, when = '') {
    const escaped = `${status} session ${initials} ${code}, ${when}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.page.getByRole('button', { name: new RegExp(`: ${escaped}`) });
  }
}

/** The booking dialog: MudBlazor selects, the preview and the claim line, book or cancel. */
export class BookingDialog {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog');
  }

  /** Picks an option, then waits while the form loads what the choice brings (a patient's authorizations, the preview). */
  async choose(label: string, option: string | RegExp) {
    await choose(this.root, label, option);
    await this.settled();
  }

  async settled() {
    await expect(this.page.getByTestId('booking-form')).toHaveAttribute('aria-busy', 'false');
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
    const dialog = this.page.getByRole('dialog');
    await choose(dialog, 'Patient', a.patient);
    await choose(dialog, 'Service code', a.code);
    await dialog.getByLabel('Auth number').fill(a.authNumber);
    for (const [label, value] of [['Start date', a.start], ['End date', a.end]]) {
      await fillDate(dialog, label, value);
    }
    await dialog.getByLabel('Total units').fill(String(a.totalUnits));
    await this.page.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toHaveCount(0);
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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The clinic board at /schedule/clinic: in the day view a column per practitioner, each slot and session named with theirs. */
export class ClinicBoard {
  constructor(readonly page: Page) {}

  /** Opens the board on a day (yyyy-MM-dd in the organization's time zone), for a team's practitioners when given. */
  async open(day: string, team: { id: string }[] = []) {
    await open(this.page, `/schedule/clinic?date=${day}${team.length ? `&practitioners=${team.map(p => p.id).join(',')}` : ''}`);
    await expect(this.page.getByTestId('board-title')).toBeVisible();
  }

  /** An empty quarter-hour of a practitioner's column, by the day as the calendar writes it ("Tuesday 8 December"). */
  slot(practitioner: string, day: string, time: string) {
    return this.page.getByRole('button', { name: `Book ${practitioner} ${day} at ${time}`, exact: true });
  }

  async openSlot(practitioner: string, day: string, time: string) {
    await this.slot(practitioner, day, time).click();
    const dialog = new BookingDialog(this.page);
    await expect(dialog.root).toBeVisible();
    return dialog;
  }

  /** A scheduled session block in a practitioner's column, by the client's initials and the code. */
  session(initials: string, code: string, practitioner: string) {
    return this.page.getByRole('button', { name: new RegExp(`: Scheduled session ${escape(initials)} ${code}, \\w+ [\\d:]+ to [\\d:]+ with ${escape(practitioner)},`) });
  }

  /**
   * Drags a session onto a slot or another session; the session dialog opens on the move, checked, before anything
   * saves. By hand rather than `dragTo`, as Playwright's docs advise for pages that listen to `dragover`: press on the
   * session, move onto the target twice, release.
   */
  async drag(session: Locator, target: Locator) {
    await session.hover();
    await this.page.mouse.down();
    await target.hover();
    await target.hover();
    await this.page.mouse.up();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByTestId('move-preview')).toBeVisible();
    return dialog;
  }
}
