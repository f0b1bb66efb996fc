import { test, expect, unique, type Authorization } from './fixtures';
import { isoDay, localInstant } from './dates';
import { PatientPage, fillDate, open } from './pages';

test.describe('an admin renewing an authorization', { tag: ['@admin', '@live'] }, () => {
  test('renews it from the worklist, its future sessions move to the successor, and the dashboard count drops live', async ({ adminPage, browser, scenario, api }) => {
    const { patient, bcba } = scenario;
    const suffix = unique();
    const oldNumber = `E2E-OLD-${suffix}`;
    const newNumber = `E2E-NEW-${suffix}`;
    // Due for renewal: it ends in 20 days, inside the payer's 60-day lead.
    const old = await api.post<Authorization>('/authorizations', {
      patientId: patient.id, serviceCode: '97156', authNumber: oldNumber, startDate: isoDay(-30), endDate: isoDay(20), totalUnits: 200,
    });
    for (const day of [10, 11, 12]) {
      await api.post('/appointments', { patientId: patient.id, practitionerId: bcba.id, authorizationId: old.id, start: localInstant(day, '09:00'), end: localInstant(day, '09:59') });
    }
    const held = (await api.authorization(old.id)).scheduledUnits;

    await open(adminPage, '/');
    const count = adminPage.getByTestId('worklist-count');
    await expect(count).toHaveText(/^\d+$/);
    const before = Number(await count.textContent());

    const worklist = await browser.newPage({ storageState: '.auth/admin.json' });
    await open(worklist, '/admin/worklist');
    await worklist.getByTestId('worklist-renewals').getByRole('row', { name: new RegExp(oldNumber) }).getByRole('button', { name: 'Renew' }).click();
    const dialog = worklist.getByRole('dialog');
    await dialog.getByLabel('New authorization number').fill(newNumber);
    await fillDate(dialog, 'Start date', isoDay(5));
    await dialog.getByLabel('New authorization number').click();
    await expect(dialog.getByTestId('renew-moving')).toContainText(`3 scheduled sessions from ${isoDay(5)} move to the renewal; ${oldNumber} then ends on ${isoDay(4)}`);
    await dialog.getByRole('button', { name: 'Renew', exact: true }).click();
    await expect(worklist.getByRole('dialog')).toHaveCount(0);
    await expect(worklist.getByTestId('worklist-renewals')).not.toContainText(oldNumber);

    await expect.poll(async () => Number(await count.textContent())).toBeLessThan(before);
    await worklist.close();

    const patientPage = new PatientPage(adminPage);
    await patientPage.open(patient);
    const renewed = await api.authorization(old.id);
    const successor = await api.authorization(renewed.successorId!);
    expect([successor.authNumber, successor.scheduledUnits]).toEqual([newNumber, held]);
    await expect(patientPage.panel(successor).getByTestId('scheduled-units')).toHaveText(String(held));
    await expect(patientPage.panel(successor).getByTestId('authorization-predecessor')).toContainText(`Renews ${oldNumber}`);
    await expect(patientPage.panel(old).getByTestId('authorization-successor')).toContainText(`Renewed by ${newNumber}`);
    await expect(patientPage.panel(old).getByTestId('scheduled-units')).toHaveText('0');
  });
});
