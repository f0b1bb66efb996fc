import { test, expect } from '@playwright/test';
import { choose, open, openPatient, state } from './support';

test.describe('an admin', () => {
  test.use({ storageState: state.admin });

  test('creates an authorization, adjusts its total with a reason, and sees the ledger entry', async ({ page }) => {
    const today = new Date();
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    await open(page, '/admin/authorizations');
    await page.getByRole('button', { name: 'New authorization' }).click();
    await choose(page, 'Patient', 'Jordan Castillo');
    await choose(page, 'Service code', /97156/);
    await page.getByRole('dialog').getByLabel('Auth number').fill('E2E-NEW-1');
    await page.getByRole('dialog').getByLabel('Start date').fill(iso(today));
    await page.getByRole('dialog').getByLabel('Start date').press('Enter');
    await page.getByRole('dialog').getByLabel('End date').fill(iso(new Date(today.getTime() + 90 * 86_400_000)));
    await page.getByRole('dialog').getByLabel('End date').press('Enter');
    await page.getByRole('dialog').getByLabel('Total units').fill('40');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.getByLabel('Patient').fill('Jordan');
    await page.getByRole('button', { name: 'Adjust total of E2E-NEW-1' }).click();
    await page.getByRole('dialog').getByLabel('New total units').fill('60');
    await page.getByRole('dialog').getByLabel('Reason').fill('Payer approved more');
    await page.getByRole('button', { name: 'Adjust total', exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await openPatient(page, 'Jordan Castillo');
    const panel = page.locator('.mud-expand-panel', { hasText: 'E2E-NEW-1' });
    await expect(panel.getByTestId('available-units')).toHaveText('60');
    await panel.locator('.mud-expand-panel-header').click();
    const history = panel.getByRole('table');
    await expect(history.getByRole('row', { name: /Payer approved more/ })).toContainText('+20');
    await expect(history.getByRole('row', { name: /Authorization opened/ })).toContainText('+40');
  });

  test('sees the dashboard chart, no false alarm on the fresh demo data, and the integrity status', async ({ page }) => {
    await open(page, '/');

    await expect(page.getByRole('heading', { name: 'Units per service code' })).toBeVisible();
    await expect(page.locator('[aria-label="Utilization per service code"] svg').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: /Authorizations at risk/ })).toBeVisible();
    // Other journeys may book meanwhile, but nothing flags the demo data's untouched authorizations.
    await expect(page.getByLabel('Authorizations at risk')).not.toContainText('On pace for 0 of');
    await expect(page.getByTestId('integrity-status')).toContainText('All balances match the ledger');
  });
});
