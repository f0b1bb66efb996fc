import { test, expect } from '@playwright/test';
import { balanceOf, choose, open, openPatient, openSlot, state } from './support';

test.describe('an RBT', () => {
  test.use({ storageState: state.rbt });

  test('books a 97153 session at home from the week calendar (TRICARE refuses telehealth), then cancels it', async ({ page }) => {
    await openPatient(page, 'Riley Donovan');
    const before = await balanceOf(page, '97153');

    await openSlot(page, 1, 'Wednesday', '10:00');
    await choose(page, 'Patient', 'Riley Donovan');
    await expect(page.getByTestId('booking-preview')).toContainText('4 units');
    await expect(page.getByTestId('booking-claim-line')).toHaveText('Place of service 11 Office · modifiers HM');
    await choose(page, 'Place of service', '02 Telehealth');
    await expect(page.getByRole('dialog').getByText('TRICARE does not pay for telehealth (02 Telehealth)', { exact: false })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Book', exact: true })).toBeDisabled();
    await choose(page, 'Place of service', '12 Home');
    await expect(page.getByTestId('booking-claim-line')).toHaveText('Place of service 12 Home · modifiers HM');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(page.getByRole('button', { name: /^Scheduled session R\.D\. 97153, Wednesday 10:00.*place of service 12 Home$/ })).toBeVisible();

    await openPatient(page, 'Riley Donovan');
    expect(await balanceOf(page, '97153')).toEqual({ ...before, scheduled: before.scheduled + 4, available: before.available - 4 });

    await open(page, '/schedule');
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: /^Scheduled session R\.D\. 97153, Wednesday 10:00/ }).click();
    await page.getByRole('tab', { name: 'Cancel or no-show' }).click();
    await page.getByLabel('Reason for cancelling').fill('Family travel');
    await page.getByRole('button', { name: 'Cancel session' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    await expect(page.getByRole('button', { name: /^Cancelled session R\.D\. 97153/ })).toBeVisible();

    await openPatient(page, 'Riley Donovan');
    expect(await balanceOf(page, '97153')).toEqual(before);
  });

  test('completes a past session with its actual times, moving the units to used', async ({ page }) => {
    await openPatient(page, 'Quinn Ellison');
    const before = await balanceOf(page, '97153');

    await openSlot(page, -1, 'Tuesday', '09:00');
    await choose(page, 'Patient', 'Quinn Ellison');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('button', { name: /^Scheduled session Q\.E\. 97153, Tuesday 09:00/ }).click();
    await page.getByRole('button', { name: 'Complete session' }).click();
    await expect(page.getByRole('button', { name: /^Completed session Q\.E\. 97153/ })).toBeVisible();

    await openPatient(page, 'Quinn Ellison');
    expect(await balanceOf(page, '97153')).toEqual({ used: before.used + 4, scheduled: before.scheduled, available: before.available - 4 });
  });

  test('is refused a double booking with the domain message, and nothing changes', async ({ page }) => {
    await openSlot(page, 2, 'Thursday', '13:00');
    await choose(page, 'Patient', 'Rowan Fischer');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(page.getByRole('button', { name: /^Scheduled session R\.F\. 97153, Thursday 13:00/ })).toBeVisible();
    await openPatient(page, 'Emerson Garcia');
    const before = await balanceOf(page, '97153');

    await openSlot(page, 2, 'Thursday', '11:00');
    await choose(page, 'Patient', 'Emerson Garcia');
    await choose(page, 'Start time', '13:15');

    await expect(page.getByRole('dialog').getByText('The practitioner already has a session at that time (13:00 to 14:00).')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Book', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await openPatient(page, 'Emerson Garcia');
    expect(await balanceOf(page, '97153')).toEqual(before);
  });

  test('is refused a booking over the balance with the numbers, and nothing changes', async ({ page, request }) => {
    const login = await request.post('/api/v1/auth/login', { data: { email: 'admin@orga.example', password: 'Omni-Demo-2026!' } });
    const { accessToken } = await login.json();
    const headers = { Authorization: `Bearer ${accessToken}` };
    const patients: Array<{ id: string; name: string }> = await (await request.get('/api/v1/patients', { headers })).json();
    const patient = patients.find(p => p.name === 'Finley Hayes')!;
    const authorizations: Array<{ id: string; serviceCode: string; availableUnits: number }> =
      await (await request.get(`/api/v1/authorizations?patientId=${patient.id}`, { headers })).json();
    const treatment = authorizations.find(a => a.serviceCode === '97153')!;
    if (treatment.availableUnits > 2) {
      expect((await request.post(`/api/v1/authorizations/${treatment.id}/reserve`, { headers, data: { units: treatment.availableUnits - 2 } })).ok()).toBeTruthy();
    }

    await openSlot(page, 2, 'Friday', '11:00');
    await choose(page, 'Patient', 'Finley Hayes');

    await expect(page.getByRole('dialog').getByText('has 2 units available; this session needs 4')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Book', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await openPatient(page, 'Finley Hayes');
    expect((await balanceOf(page, '97153')).available).toBe(2);
  });

  test('cannot pick a 97155 authorization', async ({ page }) => {
    await openSlot(page, 3, 'Monday', '08:00');
    await choose(page, 'Patient', 'Harper Ibarra');
    await page.getByRole('dialog').getByRole('combobox', { name: 'Authorization' }).click();

    await expect(page.getByRole('option', { name: /97153/ })).toHaveCount(1);
    await expect(page.getByRole('option', { name: /97155/ })).toHaveCount(0);
  });

  test('books a weekly series after previewing it, and the calendar shows every session', async ({ page }) => {
    await openSlot(page, 4, 'Monday', '15:00');
    await choose(page, 'Patient', 'Sawyer Jensen');
    await page.getByLabel('Repeat weekly').check();
    await page.getByRole('dialog').getByText('Wed', { exact: true }).click();
    await page.getByLabel('Number of sessions').fill('4');
    await page.getByLabel('Number of sessions').blur();

    await expect(page.getByRole('dialog').getByRole('row')).toHaveCount(5);
    await expect(page.getByTestId('booking-preview')).toContainText('4 sessions · 16 units');
    await page.getByRole('button', { name: 'Book series' }).click();

    await expect(page.getByRole('button', { name: /^Scheduled session S\.J\. 97153, (Monday|Wednesday) 15:00/ })).toHaveCount(2);
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect(page.getByRole('button', { name: /^Scheduled session S\.J\. 97153, (Monday|Wednesday) 15:00/ })).toHaveCount(2);
  });
});

test.describe('a BCBA', () => {
  test.use({ storageState: state.bcba });

  test('can pick a 97155 authorization', async ({ page }) => {
    await openSlot(page, 3, 'Tuesday', '08:00');
    await choose(page, 'Patient', 'Harper Ibarra');
    await page.getByRole('dialog').getByRole('combobox', { name: 'Authorization' }).click();

    await expect(page.getByRole('option', { name: /97155/ })).toHaveCount(1);
  });
});
