import { test, expect, unique } from './fixtures';
import { open } from './pages';
import { expectAccessible } from './axe';

test.describe('audit trail', { tag: ['@admin', '@a11y'] }, () => {
  test('an admin reads the trail of one client: their registration and who opened their page, nobody else\'s', async ({ adminPage: page, api }) => {
    const client = await api.patient(`Audit${unique()}`);
    const other = await api.patient(`Other${unique()}`);
    await open(page, `/patients/${other.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(other.name);
    await open(page, `/patients/${client.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(client.name);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit trail' }).click();
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Client' }).fill(client.name);
    await page.getByRole('option', { name: client.name }).click();

    const rows = page.getByTestId('audit-events').locator('tbody tr');
    await expect(rows.filter({ hasText: 'patient.register' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'patient.view' }).first()).toContainText(client.id);
    await expect(rows.filter({ hasText: other.id })).toHaveCount(0);
    await expect(rows.filter({ hasText: client.name })).toHaveCount(0);
    await expectAccessible(page);

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Access to PHI' }).click();
    await expect(rows.filter({ hasText: 'patient.register' })).toHaveCount(0);
    await expect(rows.filter({ hasText: 'patient.view' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', new RegExp(`patient=${client.id}.*kind=Access`));
  });
});
