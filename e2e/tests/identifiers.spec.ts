import { test, expect, randomNpi } from './fixtures';
import { open } from './pages';

test.describe('an admin', { tag: '@admin' }, () => {
  test("sets a practitioner's NPI on the Users page, where a typo is refused with the digit it would need", async ({ adminPage, scenario }) => {
    const npi = randomNpi();
    const typo = `${npi.slice(0, 9)}${(Number(npi[9]) + 1) % 10}`;
    const displayName = `${scenario.rbt.credential} ${scenario.rbt.name.split(' ')[1]}`;
    await open(adminPage, '/admin/users');

    await adminPage.getByRole('button', { name: `Set the NPI of ${displayName}` }).click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByLabel('NPI').fill(typo);
    await dialog.getByRole('button', { name: 'Save NPI' }).click();
    await expect(dialog.getByRole('alert')).toContainText(`its last digit would be ${npi[9]}`);
    await dialog.getByLabel('NPI').fill(npi);
    await dialog.getByRole('button', { name: 'Save NPI' }).click();
    await expect(dialog).toBeHidden();
    await expect(adminPage.getByRole('row', { name: new RegExp(displayName) }).getByTestId('user-npi')).toHaveText(npi);
  });
});
