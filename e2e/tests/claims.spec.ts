import { readFile } from 'node:fs/promises';
import { test, expect, accounts, Api } from './fixtures';
import { isoDay, localInstant } from './dates';
import { choose, open, PatientPage } from './pages';

test.describe('an admin', { tag: '@admin' }, () => {
  test.use({ scenarioOptions: { startDay: -14, payer: { fees: { '97153': 21.25 } } } });

  test("bills a verified session in a claim batch, downloads its CSV with the session's line, and voids it", async ({ adminPage, scenario, api, baseURL }) => {
    const { patient, rbt, bcba, treatment, payer } = scenario;
    const start = localInstant(-2, '10:00');
    const session = await api.post<{ id: string }>('/appointments', {
      patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start, end: localInstant(-2, '11:00'),
    }, [201]);
    await api.post(`/appointments/${session.id}/complete`, { actualStart: start, actualEnd: localInstant(-2, '11:00') });
    await api.giveNpi(rbt);
    const rbtApi = await Api.signIn(baseURL!, rbt.email);
    await rbtApi.post(`/appointments/${session.id}/note/sign`, { password: accounts.password, goalsAddressed: 'Manding', narrative: 'Ten trials of manding.' });
    await rbtApi.dispose();
    await api.put(`/patients/${patient.id}/case-supervisor`, { practitionerId: bcba.id });
    const bcbaApi = await Api.signIn(baseURL!, bcba.email);
    await bcbaApi.post(`/appointments/${session.id}/verify`, {});
    await bcbaApi.dispose();

    await new PatientPage(adminPage).open(patient);
    const billing = adminPage.getByTestId('patient-billing');
    await billing.getByLabel('Diagnosis codes (ICD-10, primary first)').fill('F84.0, z1341');
    await choose(billing, 'Subscriber', 'Guardian');
    await billing.getByLabel("Subscriber's first name").fill('Dana');
    await billing.getByLabel("Subscriber's last name").fill('Doe');
    await billing.getByRole('button', { name: 'Save billing' }).click();
    await expect(adminPage.getByText('Billing details saved.')).toBeVisible();
    await expect(billing.getByLabel('Diagnosis codes (ICD-10, primary first)')).toHaveValue('F84.0, Z13.41');

    await open(adminPage, '/admin/claims');
    const waiting = adminPage.getByRole('row', { name: new RegExp(`^${payer!.name} 1 \\(4 units\\) ${isoDay(-2)} ${isoDay(88)}`) });
    await expect(waiting.getByTestId('ready-days-left')).toHaveText('88 days left');
    await waiting.getByRole('button', { name: `Bill ${payer!.name}'s sessions` }).click();
    await adminPage.getByRole('button', { name: 'Create batch' }).click();
    await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText(`Claim batch · ${payer!.name}`);
    await expect(adminPage.getByTestId('batch-totals')).toHaveText('1 lines · 4 units · $85.00');
    await expect(adminPage.getByTestId('batch-reconciled')).toContainText('Reconciled');
    await expect(adminPage.getByRole('row', { name: new RegExp(`^1 .* ${patient.name} `) })).toBeVisible();

    const [download] = await Promise.all([adminPage.waitForEvent('download'), adminPage.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`${patient.name},`);
    expect(rows[1]).toContain(`,${treatment.authNumber},97153,HM,11,4,21.25,85.00,`);
    expect(rows[1]).toContain(`,F84.0 Z13.41,1,Guardian,Dana Doe,${isoDay(88)}`);

    await adminPage.getByLabel('Reason to void it').fill('Sent to the wrong payer');
    await adminPage.getByRole('button', { name: 'Void batch' }).click();
    await expect(adminPage.getByTestId('batch-voided')).toContainText('Sent to the wrong payer');
    expect((await api.get<{ sessionStatus: string }>(`/appointments/${session.id}/note`)).sessionStatus).toBe('Verified');
  });
});
