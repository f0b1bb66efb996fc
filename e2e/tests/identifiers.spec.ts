import { test, expect } from './fixtures';
import { open } from './pages';

/** A valid NPI from nine digits: CMS's check digit, Luhn over 80840 and them. */
function npiOf(firstNine: string) {
  const digits = `80840${firstNine}`.split('').map(Number);
  let sum = 0;
  digits.reverse().forEach((digit, i) => {
    const value = i % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(value / 10) + (value % 10);
  });
  return `${firstNine}${(10 - (sum % 10)) % 10}`;
}

test.describe('an admin', { tag: '@admin' }, () => {
  test("sets a practitioner's NPI on the Users page, where a typo is refused with the digit it would need", async ({ adminPage, scenario }) => {
    const npi = npiOf(`1${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`);
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
