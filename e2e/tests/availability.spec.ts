import { test, expect } from './fixtures';
import { isoDay, localDay, localInstant } from './dates';
import { BookingDialog, open } from './pages';

/** The first weekday at least two days ahead, inside the authorizations and in the future. */
const ahead = [2, 3, 4, 5].find(days => !['Saturday', 'Sunday'].includes(localDay(days).weekday))!;

test("from a client's page an admin finds a slot with the client's own practitioner first, and books it as it is", { tag: '@scheduling' }, async ({ adminPage, scenario, api }) => {
  const { patient, treatment, rbt } = scenario;
  await api.post('/appointments', { patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start: localInstant(ahead, '09:00'), end: localInstant(ahead, '10:00') }, [201]);

  await open(adminPage, `/patients/${patient.id}`);
  await adminPage.getByTestId('find-slot').click();
  const dialog = new BookingDialog(adminPage);
  await expect(dialog.root.getByRole('combobox', { name: 'Patient' })).toContainText(patient.name);
  await dialog.choose('Authorization', new RegExp(`${treatment.authNumber} · 97153`));
  const suggestions = adminPage.getByTestId('suggestion');
  await expect(suggestions).not.toHaveCount(0);
  expect(await suggestions.count()).toBeLessThanOrEqual(10);
  await expect(suggestions.first()).toContainText(rbt.name);

  await suggestions.first().click();
  await dialog.settled();
  await expect(dialog.root.getByRole('combobox', { name: 'Practitioner' })).toContainText(rbt.name);
  await expect(dialog.preview).toContainText('4 units');
  await dialog.book();
  expect((await api.authorization(treatment.id)).scheduledUnits).toBe(8);
});

test("a scheduler sets a practitioner's working hours; the board shades their evening, and booking there needs the warning acknowledged", { tag: '@scheduling' }, async ({ schedulerPage, scenario, api }) => {
  const { patient, treatment, rbt } = scenario;

  await open(schedulerPage, `/schedule/availability?practitioner=${rbt.id}`);
  const hours = schedulerPage.getByTestId('working-hours');
  await hours.getByRole('button', { name: 'Add a window' }).click();
  await hours.getByRole('button', { name: 'Weekdays like the last' }).click();
  await expect(hours.getByTestId('window-row')).toHaveCount(5);
  await hours.getByRole('button', { name: 'Save' }).click();
  await expect(schedulerPage.getByTestId('working-hours-summary')).toHaveText('Mon 09:00–17:00 · Tue 09:00–17:00 · Wed 09:00–17:00 · Thu 09:00–17:00 · Fri 09:00–17:00');
  const saved = await api.get<{ weekly: { day: string; from: string; to: string }[] }>(`/practitioners/${rbt.id}/availability`);
  expect(saved.weekly.map(w => `${w.day} ${w.from}-${w.to}`)).toContain('Monday 09:00-17:00');

  await open(schedulerPage, `/schedule/clinic?date=${isoDay(ahead)}&practitioners=${rbt.id}`);
  await expect(schedulerPage.getByRole('button', { name: `Book ${rbt.name} ${localDay(ahead).label} at 16:45` })).not.toHaveClass(/omni-calendar-unavailable/);
  const evening = schedulerPage.getByRole('button', { name: `Book ${rbt.name} ${localDay(ahead).label} at 17:30, outside availability` });
  await expect(evening).toHaveClass(/omni-calendar-unavailable/);

  await evening.click();
  const dialog = new BookingDialog(schedulerPage);
  await dialog.choose('Patient', patient.name);
  await expect(schedulerPage.getByTestId('booking-warning')).toContainText(`outside ${rbt.name}'s working hours`);
  await expect(dialog.bookButton).toBeDisabled();
  await dialog.root.getByRole('checkbox', { name: 'Book anyway' }).check();
  await dialog.book();
  expect((await api.authorization(treatment.id)).scheduledUnits).toBe(4);
});
