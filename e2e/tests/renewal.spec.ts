import { test, expect } from '@playwright/test';
import { open, openPatient, password, state } from './support';

/** The New York date `days` from today as yyyy-MM-dd. */
function isoDay(days: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86_400_000));
}

test.describe('an admin renewing an authorization', () => {
  test.use({ storageState: state.admin });

  test('renews it from the worklist, its future sessions move to the successor, and the dashboard count drops live', async ({ browser, page, request }) => {
    const login = await request.post('/api/v1/auth/login', { data: { email: 'admin@orga.example', password } });
    const headers = { Authorization: `Bearer ${(await login.json()).accessToken}` };
    const patients: Array<{ id: string; name: string }> = await (await request.get('/api/v1/patients', { headers })).json();
    const practitioners: Array<{ id: string; credential: string }> = await (await request.get('/api/v1/practitioners', { headers })).json();
    // A code no other journey books or offers (they book 97153 and pick 97155), on early or late hours, so the
    // authorization this journey adds and renews changes nothing another journey sees, whichever runs alongside.
    const patient = patients.find(p => p.name === 'Sawyer Jensen')!;
    const bcba = practitioners.filter(p => p.credential === 'BCBA').at(-1)!;
    const suffix = `${Date.now()}`.slice(-8);
    const oldNumber = `E2E-OLD-${suffix}`;
    const newNumber = `E2E-NEW-${suffix}`;
    const created = await request.post('/api/v1/authorizations', {
      headers,
      data: { patientId: patient.id, serviceCode: '97156', authNumber: oldNumber, startDate: isoDay(-30), endDate: isoDay(20), totalUnits: 200 },
    });
    expect(created.status()).toBe(201);
    const old = await created.json();
    // The first free early or late hour of each day, so the journey also runs against a database with other bookings.
    for (const day of [10, 11, 12]) {
      let status = 0;
      for (const hour of ['05', '06', '07', '19', '20', '21']) {
        const booked = await request.post('/api/v1/appointments', {
          headers,
          data: { patientId: patient.id, practitionerId: bcba.id, authorizationId: old.id, start: `${isoDay(day)}T${hour}:00:00-05:00`, end: `${isoDay(day)}T${hour}:59:00-05:00` },
        });
        status = booked.status();
        if (status === 201) {
          break;
        }
      }
      expect(status).toBe(201);
    }
    const held: number = (await (await request.get(`/api/v1/authorizations/${old.id}`, { headers })).json()).scheduledUnits;

    await open(page, '/');
    const count = page.getByTestId('worklist-count');
    await expect(count).toHaveText(/^\d+$/);
    const before = Number(await count.textContent());

    const worklist = await browser.newPage({ storageState: state.admin });
    await open(worklist, '/admin/worklist');
    await worklist.getByTestId('worklist-renewals').getByRole('row', { name: new RegExp(oldNumber) }).getByRole('button', { name: 'Renew' }).click();
    const dialog = worklist.getByRole('dialog');
    await dialog.getByLabel('New authorization number').fill(newNumber);
    await dialog.getByLabel('Start date').fill(isoDay(5));
    await dialog.getByLabel('Start date').press('Enter');
    await dialog.getByLabel('New authorization number').click();
    await expect(dialog.getByTestId('renew-moving')).toContainText(`3 scheduled sessions from ${isoDay(5)} move to the renewal; ${oldNumber} then ends on ${isoDay(4)}`);
    await dialog.getByRole('button', { name: 'Renew', exact: true }).click();
    await expect(worklist.getByRole('dialog')).toHaveCount(0);
    await expect(worklist.getByTestId('worklist-renewals')).not.toContainText(oldNumber);

    await expect.poll(async () => Number(await count.textContent())).toBeLessThan(before);
    await worklist.close();

    await openPatient(page, patient.name);
    const successor = page.locator('.mud-expand-panel').filter({ has: page.getByTestId('authorization-predecessor').filter({ hasText: `Renews ${oldNumber}` }) });
    await expect(successor.getByTestId('scheduled-units')).toHaveText(String(held));
    const predecessor = page.locator('.mud-expand-panel').filter({ has: page.getByTestId('authorization-successor').filter({ hasText: `Renewed by ${newNumber}` }) });
    await expect(predecessor.getByTestId('scheduled-units')).toHaveText('0');
    const sessions: Array<{ authorizationId: string }> = await (await request.get(
      `/api/v1/appointments?patientId=${patient.id}&from=${isoDay(5)}T00:00:00-05:00&to=${isoDay(14)}T00:00:00-05:00`.replaceAll('+', '%2B'), { headers })).json();
    const renewed = await (await request.get(`/api/v1/authorizations/${old.id}`, { headers })).json();
    expect(sessions.filter(s => s.authorizationId === renewed.successorId)).toHaveLength(3);
  });
});
