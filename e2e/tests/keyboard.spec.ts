import { test, expect } from './fixtures';
import { SchedulePage, open } from './pages';
import type { Locator, Page } from '@playwright/test';

/** Presses Tab until the element has the focus, as a keyboard user moves through the page; fails if it never does. */
async function tabTo(page: Page, target: Locator, most = 500) {
  for (let presses = 0; presses < most; presses++) {
    if (await target.evaluate(element => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/**
 * Opens a select from the keyboard, types the option's first letter (MudSelect moves to the first item that starts
 * with it) and walks on with the down arrow, one press at a time, until the option is the active one; then takes it.
 */
async function chooseWithKeys(page: Page, select: Locator, option: string) {
  await tabTo(page, select);
  await page.keyboard.press('Enter');
  const wanted = await page.getByRole('option', { name: option, exact: true }).getAttribute('id');
  await page.keyboard.press(option[0]);
  for (let presses = 0; presses < 50 && (await select.getAttribute('aria-activedescendant')) !== wanted; presses++) {
    const active = await select.getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowDown');
    await expect(select).not.toHaveAttribute('aria-activedescendant', active ?? '');
  }
  await expect(select).toHaveAttribute('aria-activedescendant', wanted!);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option')).toHaveCount(0);
}

test('an RBT books a session with the keyboard alone: a slot, the dialog\'s selects, Book', { tag: ['@a11y', '@scheduling'] }, async ({ rbtPage, scenario, api }) => {
  // A keyboard user walks about 120 tab stops to the slot and through the dialog, each press a round trip to the
  // browser: on a busy machine that takes longer than the default minute.
  test.slow();
  const page = rbtPage;
  // Patients are listed by last name: this one's falls before every earlier run's, so the first X is the newest.
  const { patient, treatment } = await scenario.addPatient('Xavi', `Test${(Number.MAX_SAFE_INTEGER - Date.now()).toString(36).toUpperCase()}`);
  const schedule = new SchedulePage(page);
  await open(page, '/schedule');

  await tabTo(page, page.getByRole('button', { name: 'Next week' }));
  await page.keyboard.press('Enter');
  const slot = schedule.slot('Wednesday', '10:00');
  await tabTo(page, slot);
  await page.keyboard.press('Enter');
  const dialog = await schedule.dialog();
  await chooseWithKeys(page, dialog.root.getByRole('combobox', { name: 'Patient' }), patient.name);
  await expect(dialog.preview).toContainText('4 units');
  await tabTo(page, dialog.bookButton);
  await page.keyboard.press('Enter');

  await expect(dialog.root).toHaveCount(0);
  await expect(schedule.session('Scheduled', patient.initials, '97153', 'Wednesday 10:00')).toBeVisible();
  expect((await api.authorization(treatment.id)).scheduledUnits).toBe(4);
});
