import { test, expect, randomNpi } from './fixtures';
import { choose, fillDate, open } from './pages';

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

test.describe('an admin recording an RBT\'s certification', { tag: '@admin' }, () => {
  test('sets its last day and its supervising BCBA on the Users page, and the RBT\'s schedule shows both', async ({ adminPage, rbtPage, scenario }) => {
    const rbtName = `${scenario.rbt.credential} ${scenario.rbt.name.split(' ')[1]}`;
    const bcbaName = scenario.bcba.name;
    await open(adminPage, '/admin/users');

    await adminPage.getByRole('button', { name: `Set the certification of ${rbtName}` }).click();
    const dialog = adminPage.getByRole('dialog');
    await choose(dialog, 'Supervisor (BCBA or BCaBA)', new RegExp(`^${bcbaName}`));
    await fillDate(dialog, 'RBT certification valid until', '2031-03-31');
    await dialog.getByRole('button', { name: 'Save credential' }).click();
    await expect(dialog).toBeHidden();
    const row = adminPage.getByRole('row', { name: new RegExp(rbtName) });
    await expect(row.getByTestId('user-credential-expires')).toHaveText('until 2031-03-31');
    await expect(row.getByTestId('user-supervisor')).toHaveText(`supervisor ${bcbaName}`);

    await open(rbtPage, '/schedule');
    await expect(rbtPage.getByTestId('practitioner-credential')).toHaveText(`RBT certification until 2031-03-31 · supervised by ${bcbaName} (BCBA)`);
  });
});
