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

/** Opens a select from the keyboard and moves down its list until the option is the active one, then takes it. */
async function chooseWithKeys(page: Page, select: Locator, option: string) {
  await tabTo(page, select);
  await page.keyboard.press('Enter');
  const wanted = await page.getByRole('option', { name: option, exact: true }).getAttribute('id');
  for (let presses = 0; presses < 500 && (await select.getAttribute('aria-activedescendant')) !== wanted; presses++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(select).toHaveAttribute('aria-activedescendant', wanted!);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option')).toHaveCount(0);
}

test('an RBT books a session with the keyboard alone: a slot, the dialog\'s selects, Book', { tag: ['@a11y', '@scheduling'] }, async ({ rbtPage, scenario, api }) => {
  const page = rbtPage;
  const schedule = new SchedulePage(page);
  await open(page, '/schedule');

  await tabTo(page, page.getByRole('button', { name: 'Next week' }));
  await page.keyboard.press('Enter');
  const slot = schedule.slot('Wednesday', '10:00');
  await tabTo(page, slot);
  await page.keyboard.press('Enter');
  const dialog = await schedule.dialog();
  await chooseWithKeys(page, dialog.root.getByRole('combobox', { name: 'Patient' }), scenario.patient.name);
  await expect(dialog.preview).toContainText('4 units');
  await tabTo(page, dialog.bookButton);
  await page.keyboard.press('Enter');

  await expect(dialog.root).toHaveCount(0);
  await expect(schedule.session('Scheduled', scenario.patient.initials, '97153', 'Wednesday 10:00')).toBeVisible();
  expect((await api.authorization(scenario.treatment.id)).scheduledUnits).toBe(4);
});
