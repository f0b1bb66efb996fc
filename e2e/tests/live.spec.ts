import { test, expect } from './fixtures';
import { PatientPage, SchedulePage } from './pages';

test('an admin on the patient page sees the balance bar move when a practitioner books, without a reload', { tag: ['@live', '@smoke'] }, async ({ adminPage, bcbaPage, scenario }) => {
  const { patient, supervision } = scenario;
  const patientPage = new PatientPage(adminPage);
  await patientPage.open(patient);
  const scheduled = patientPage.panel(supervision).getByTestId('scheduled-units');
  await expect(scheduled).toHaveText('0');

  const schedule = new SchedulePage(bcbaPage);
  await schedule.open(5);
  const dialog = await schedule.openSlot('Thursday', '16:00');
  await dialog.choose('Patient', patient.name);
  await dialog.choose('Authorization', /97155/);
  await dialog.book();

  await expect(scheduled).toHaveText('4');
});
