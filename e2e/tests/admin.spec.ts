import { test, expect, unique, type Authorization } from './fixtures';
import { isoDay } from './dates';
import { AuthorizationGrid, PatientPage, open } from './pages';

test.describe('an admin', { tag: '@admin' }, () => {
  test('creates an authorization, adjusts its total with a reason, and sees the ledger entry', async ({ adminPage, scenario, api }) => {
    const authNumber = `E2E-NEW-${unique()}`;
    const grid = new AuthorizationGrid(adminPage);
    await grid.open();
    await grid.create({ patient: scenario.patient.name, code: /97156/, authNumber, start: isoDay(0), end: isoDay(90), totalUnits: 40 });

    await grid.filter(scenario.patient.name);
    await grid.adjust(authNumber, 60, 'Payer approved more');

    const patientPage = new PatientPage(adminPage);
    const created = (await api.get<Authorization[]>(`/authorizations?patientId=${scenario.patient.id}`)).find(a => a.authNumber === authNumber)!;
    expect([created.serviceCode, created.totalUnits]).toEqual(['97156', 60]);
    await patientPage.open(scenario.patient);
    await expect(patientPage.panel(created).getByTestId('available-units')).toHaveText('60');
    const history = await patientPage.history(created);
    await expect(history.getByRole('row', { name: /Payer approved more/ })).toContainText('+20');
    await expect(history.getByRole('row', { name: /Authorization opened/ })).toContainText('+40');
  });

  test('sees the dashboard chart, the authorizations at risk and the integrity status', async ({ adminPage }) => {
    await open(adminPage, '/');

    await expect(adminPage.getByRole('heading', { name: 'Units per service code' })).toBeVisible();
    await expect(adminPage.locator('[aria-label="Utilization per service code"] svg').first()).toBeVisible();
    await expect(adminPage.getByRole('heading', { name: /^Authorizations at risk \(\d+\)$/ })).toBeVisible();
    await expect(adminPage.getByTestId('integrity-status')).toContainText('All balances match the ledger');
  });
});
