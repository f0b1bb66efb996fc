import { test, expect } from './fixtures';
import { SchedulePage } from './pages';

test('a scheduler books into any practitioner\'s week and sees no administration', { tag: '@scheduling' }, async ({ schedulerPage: page, scenario, api }) => {
  await expect(page.getByRole('link', { name: 'Schedule', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Clinic board' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Authorizations' })).toHaveCount(0);

  const schedule = new SchedulePage(page);
  await schedule.open(2, scenario.rbt.id);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schedule');
  await expect(schedule.title).toContainText(scenario.rbt.name);
  const dialog = await schedule.openSlot('Tuesday', '10:00');
  await dialog.choose('Patient', scenario.patient.name);
  await dialog.book();

  await expect(schedule.session('Scheduled', scenario.patient.initials, '97153', 'Tuesday 10:00')).toBeVisible();
  expect((await api.authorization(scenario.treatment.id)).scheduledUnits).toBe(4);
});
