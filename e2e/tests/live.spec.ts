import { test, expect } from '@playwright/test';
import { choose, openPatient, openSlot, state } from './support';

test('an admin on the patient page sees the balance bar move when a practitioner books, without a reload', async ({ browser }) => {
  const admin = await browser.newContext({ storageState: state.admin });
  const practitioner = await browser.newContext({ storageState: state.bcba });
  const adminPage = await admin.newPage();
  const practitionerPage = await practitioner.newPage();
  await openPatient(adminPage, 'Parker Kowalski');
  const panel = adminPage.locator('.mud-expand-panel', { hasText: '97155 ·' });
  const before = Number(await panel.getByTestId('scheduled-units').textContent());

  await openSlot(practitionerPage, 5, 'Thursday', '16:00');
  await choose(practitionerPage, 'Patient', 'Parker Kowalski');
  await choose(practitionerPage, 'Authorization', /97155/);
  await practitionerPage.getByRole('button', { name: 'Book', exact: true }).click();

  await expect(panel.getByTestId('scheduled-units')).toHaveText(String(before + 4));
  await admin.close();
  await practitioner.close();
});
