import { test, expect } from './fixtures';
import { isoDay, localInstant, localDay } from './dates';
import { BookingDialog, choose, open } from './pages';

/** The first weekday at least two days ahead, inside the authorizations and in the future. */
const ahead = [2, 3, 4, 5].find(days => !['Saturday', 'Sunday'].includes(localDay(days).weekday))!;

test("an admin opens a client's week from their page, sees every practitioner's sessions, and books one for the client", { tag: '@scheduling' }, async ({ adminPage, scenario, api }) => {
  const { patient, treatment, supervision, rbt, bcba } = scenario;
  await api.post('/appointments', { patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start: localInstant(ahead, '09:00'), end: localInstant(ahead, '10:00') }, [201]);
  await api.post('/appointments', { patientId: patient.id, practitionerId: bcba.id, authorizationId: supervision.id, start: localInstant(ahead, '09:00'), end: localInstant(ahead, '09:30') }, [201]);

  await open(adminPage, `/patients/${patient.id}`);
  await expect(adminPage.locator('.mud-main-content').getByRole('link', { name: 'Schedule' })).toHaveAttribute('href', `patients/${patient.id}/schedule`);
  await open(adminPage, `/patients/${patient.id}/schedule?date=${isoDay(ahead)}`);
  await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText(`${patient.name}'s schedule`);
  await expect(adminPage.getByRole('button', { name: new RegExp(`: Scheduled session ${patient.initials.replaceAll('.', '\\.')} 97153, \\w+ 09:00 to 10:00 with ${rbt.name},`) })).toBeVisible();
  await expect(adminPage.getByRole('button', { name: new RegExp(`: Scheduled session ${patient.initials.replaceAll('.', '\\.')} 97155, \\w+ 09:00 to 09:30 with ${bcba.name},`) })).toBeVisible();

  await choose(adminPage.locator('.mud-main-content'), 'Book with', new RegExp(`^${rbt.name} `));
  await adminPage.getByRole('button', { name: new RegExp(`^Book ${localDay(ahead).label} at 14:00$`) }).click();
  const dialog = new BookingDialog(adminPage);
  await expect(dialog.root.getByRole('combobox', { name: 'Patient' })).toContainText(patient.name);
  await dialog.settled();
  await expect(dialog.preview).toContainText('4 units');
  await dialog.book();
  await expect(adminPage.getByRole('button', { name: new RegExp(`: Scheduled session ${patient.initials.replaceAll('.', '\\.')} 97153, \\w+ 14:00 to 15:00 with ${rbt.name},`) })).toBeVisible();
  expect((await api.authorization(treatment.id)).scheduledUnits).toBe(8);
});
