import { test, expect } from './fixtures';
import { isoDay, localDay, weekdays } from './dates';
import { PatientPage, SchedulePage } from './pages';

// A payer of the journey's own whose weeks run Sunday to Saturday, and 97153 limited to 32 units a day and 160 a week.
test.use({ scenarioOptions: { payer: { weekStartsOn: 'Sunday' }, limits: { perDay: 32, perWeek: 160 } } });

test.describe('an RBT booking against a weekly limit', { tag: '@scheduling' }, () => {
  test('sees the week and its numbers in the dialog and cannot book past it, and nothing changes', async ({ rbtPage, scenario, api }) => {
    const { patient, treatment } = scenario;
    // The Wednesday six calendar weeks ahead and its Sunday-to-Saturday payer week: 31 units on five of its other
    // days and 2 on the sixth make 157 of 160, while the Wednesday itself holds none of its 32.
    const today = weekdays.indexOf(localDay(0).weekday);
    const wednesday = 42 - ((today + 6) % 7) + 2;
    for (const [offset, units] of [[-3, 31], [-2, 31], [-1, 31], [1, 31], [2, 31], [3, 2]]) {
      await api.post(`/authorizations/${treatment.id}/reserve`, { units, date: isoDay(wednesday + offset) });
    }

    const schedule = new SchedulePage(rbtPage);
    await schedule.open(6);
    const dialog = await schedule.openSlot('Wednesday', '10:00');
    await dialog.choose('Patient', patient.name);

    const week = `week of ${isoDay(wednesday - 3)}`;
    await expect(dialog.message(`${week}: 157 of 160 units used or scheduled; this session needs 4.`)).toBeVisible();
    await expect(rbtPage.getByTestId('booking-period').filter({ hasText: week })).toHaveText(`${week}: 157 → 161 of 160`);
    await expect(dialog.bookButton).toBeDisabled();
    await dialog.cancel();
    expect((await api.authorization(treatment.id)).scheduledUnits).toBe(157);
  });
});

test('an admin on the patient page sees this week\'s bar move when a practitioner books, without a reload', { tag: '@live' }, async ({ adminPage, rbtPage, scenario }) => {
  const { patient, treatment } = scenario;
  const patientPage = new PatientPage(adminPage);
  await patientPage.open(patient);
  const week = patientPage.panel(treatment).locator('[data-testid=period-bar][data-kind=Week]');
  await expect(week.getByTestId('period-held')).toHaveText('0');

  // A day of this payer week (Sunday to Saturday) that the calendar shows: today, or tomorrow's Monday on a Sunday.
  const today = localDay(0);
  const schedule = new SchedulePage(rbtPage);
  await schedule.open(today.isSunday ? 1 : 0);
  const dialog = await schedule.openSlot(today.isSunday ? 'Monday' : today.weekday, '07:00');
  await dialog.choose('Patient', patient.name);
  await dialog.book();

  await expect(week.getByTestId('period-held')).toHaveText('4');
});
