import { test, expect } from '@playwright/test';
import { open, state } from './support';

test.describe('another organization\'s admin', () => {
  test('opening an OrgA patient URL sees "not found" and no OrgA data anywhere', async ({ browser }) => {
    const orgA = await browser.newContext({ storageState: state.admin });
    const orgAPage = await orgA.newPage();
    await open(orgAPage, '/patients');
    await orgAPage.getByRole('link', { name: 'Avery Bennett' }).click();
    const patientUrl = orgAPage.url();
    await orgA.close();

    const orgB = await browser.newContext({ storageState: state.otherAdmin });
    const page = await orgB.newPage();
    await open(page, new URL(patientUrl).pathname);

    await expect(page.getByText('There is no such patient in your organization.')).toBeVisible();
    await expect(page.getByText('Avery Bennett')).toHaveCount(0);
    await open(page, '/patients');
    await expect(page.getByRole('link', { name: 'Avery Bennett' })).toHaveCount(0);
    await expect(page.getByText('ORGA-M', { exact: false })).toHaveCount(0);
    await expect(page.getByText('ORGB-M0001')).toBeVisible();
    await orgB.close();
  });
});
