import { test, expect, type APIRequestContext } from '@playwright/test';
import { choose, newYorkDay, openPatient, openSlot, password, state } from './support';

type Authorization = { id: string; patientId: string; serviceCode: string; limits: { perDay: number | null; perWeek: number | null } };

/** OrgA's admin token and a patient of the commercial plan (97153 limited to 32 units a day, 160 a week). */
async function limitedPatient(request: APIRequestContext, avoid: string[]) {
  const login = await request.post('/api/v1/auth/login', { data: { email: 'admin@orga.example', password } });
  const headers = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  const patients: Array<{ id: string; name: string }> = await (await request.get('/api/v1/patients', { headers })).json();
  const authorizations: Authorization[] = await (await request.get('/api/v1/authorizations', { headers })).json();
  const limited = authorizations.filter(a => a.serviceCode === '97153' && a.limits.perWeek === 160);
  const candidates = limited.map(a => ({ treatment: a, name: patients.find(p => p.id === a.patientId)!.name }));
  const chosen = candidates.find(c => !avoid.includes(c.name)) ?? candidates[0];
  expect(chosen, 'the demo data has a commercial patient in orgA').toBeTruthy();
  return { headers, ...chosen };
}

/** The New York date `days` from today as yyyy-MM-dd. */
function isoDay(days: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86_400_000));
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

test.describe('an RBT booking against a weekly limit', () => {
  test.use({ storageState: state.rbt });

  test('sees the week and its numbers in the dialog and cannot book past it, and nothing changes', async ({ page, request }) => {
    const { headers, treatment, name } = await limitedPatient(request, ['Rowan Fischer', 'Parker Kowalski']);
    // The Wednesday six calendar weeks ahead and its Sunday-to-Saturday payer week: 31 units on five of its other
    // days and 2 on the sixth make 157 of 160, while the Wednesday itself holds none of its 32.
    const today = weekdays.indexOf(newYorkDay(0).weekday);
    const wednesday = 42 - ((today + 6) % 7) + 2;
    for (const [offset, units] of [[-3, 31], [-2, 31], [-1, 31], [1, 31], [2, 31], [3, 2]]) {
      const reserved = await request.post(`/api/v1/authorizations/${treatment.id}/reserve`, { headers, data: { units, date: isoDay(wednesday + offset) } });
      expect(reserved.ok(), await reserved.text()).toBeTruthy();
    }
    const before = await (await request.get(`/api/v1/authorizations/${treatment.id}`, { headers })).json();

    await openSlot(page, 6, 'Wednesday', '10:00');
    await choose(page, 'Patient', name);

    const week = `week of ${isoDay(wednesday - 3)}`;
    await expect(page.getByRole('dialog').getByText(`${week}: 157 of 160 units used or scheduled; this session needs 4.`)).toBeVisible();
    await expect(page.getByTestId('booking-period').filter({ hasText: week })).toHaveText(`${week}: 157 → 161 of 160`);
    await expect(page.getByRole('button', { name: 'Book', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const after = await (await request.get(`/api/v1/authorizations/${treatment.id}`, { headers })).json();
    expect(after.scheduledUnits).toBe(before.scheduledUnits);
  });
});

test('an admin on the patient page sees this week\'s bar move when a practitioner books, without a reload', async ({ browser, request }) => {
  const { name } = await limitedPatient(request, ['Rowan Fischer', 'Parker Kowalski']);
  const admin = await browser.newContext({ storageState: state.admin });
  const practitioner = await browser.newContext({ storageState: state.rbt });
  const adminPage = await admin.newPage();
  const practitionerPage = await practitioner.newPage();
  await openPatient(adminPage, name);
  const week = adminPage.locator('.mud-expand-panel', { hasText: '97153 ·' }).locator('[data-testid=period-bar][data-kind=Week]');
  const before = Number(await week.getByTestId('period-held').textContent());

  // A day of this payer week (Sunday to Saturday) that the calendar shows: today, or tomorrow's Monday on a Sunday.
  const today = newYorkDay(0);
  await openSlot(practitionerPage, today.isSunday ? 1 : 0, today.isSunday ? 'Monday' : today.weekday, '07:00');
  await choose(practitionerPage, 'Patient', name);
  await practitionerPage.getByRole('button', { name: 'Book', exact: true }).click();

  await expect(week.getByTestId('period-held')).toHaveText(String(before + 4));
  await admin.close();
  await practitioner.close();
});
