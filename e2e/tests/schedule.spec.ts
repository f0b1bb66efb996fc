import { test, expect } from './fixtures';
import { PatientPage, SchedulePage } from './pages';

test.describe('an RBT', { tag: '@scheduling' }, () => {
  test.describe('with a payer that does not pay for telehealth', () => {
    test.use({ scenarioOptions: { payer: { allowsTelehealth: false } } });

    test('books a 97153 session at home from the week calendar, is refused telehealth, then cancels it', { tag: '@smoke' }, async ({ rbtPage, scenario }) => {
      const { patient, treatment, payer } = scenario;
      const patientPage = new PatientPage(rbtPage);
      const schedule = new SchedulePage(rbtPage);
      await patientPage.open(patient);
      const before = await patientPage.balance(treatment);

      await schedule.open(1);
      const dialog = await schedule.openSlot('Wednesday', '10:00');
      await dialog.choose('Patient', patient.name);
      await expect(dialog.preview).toContainText('4 units');
      await expect(dialog.claimLine).toHaveText('Place of service 11 Office · modifiers HM');
      await dialog.choose('Place of service', '02 Telehealth');
      await expect(dialog.message(`${payer!.name} does not pay for telehealth (02 Telehealth)`)).toBeVisible();
      await expect(dialog.bookButton).toBeDisabled();
      await dialog.choose('Place of service', '12 Home');
      await expect(dialog.claimLine).toHaveText('Place of service 12 Home · modifiers HM');
      await dialog.book();
      await expect(rbtPage.getByRole('button', { name: new RegExp(`: Scheduled session ${patient.initials.replaceAll('.', '\\.')} 97153, Wednesday 10:00.*place of service 12 Home$`) })).toBeVisible();

      await patientPage.open(patient);
      expect(await patientPage.balance(treatment)).toEqual({ ...before, scheduled: before.scheduled + 4, available: before.available - 4 });

      await schedule.open(1);
      await schedule.session('Scheduled', patient.initials, '97153', 'Wednesday 10:00').click();
      await rbtPage.getByRole('tab', { name: 'Cancel or no-show' }).click();
      await rbtPage.getByLabel('Reason for cancelling').fill('Family travel');
      await rbtPage.getByRole('button', { name: 'Cancel session' }).click();
      await rbtPage.getByRole('button', { name: 'Yes' }).click();
      await expect(schedule.session('Cancelled', patient.initials, '97153')).toBeVisible();

      await patientPage.open(patient);
      expect(await patientPage.balance(treatment)).toEqual(before);
    });
  });

  test.describe('with authorizations from two weeks ago', () => {
    test.use({ scenarioOptions: { startDay: -14 } });

    test('completes last week\'s session with its actual times, moving the units to used', async ({ rbtPage, scenario }) => {
      const { patient, treatment } = scenario;
      const patientPage = new PatientPage(rbtPage);
      const schedule = new SchedulePage(rbtPage);

      await schedule.open(-1);
      const dialog = await schedule.openSlot('Tuesday', '09:00');
      await dialog.choose('Patient', patient.name);
      await dialog.book();
      await schedule.session('Scheduled', patient.initials, '97153', 'Tuesday 09:00').click();
      await rbtPage.getByRole('button', { name: 'Complete session' }).click();
      await expect(schedule.session('Completed', patient.initials, '97153')).toBeVisible();

      await patientPage.open(patient);
      expect(await patientPage.balance(treatment)).toEqual({ used: 4, scheduled: 0, available: treatment.totalUnits - 4 });
    });
  });

  test('is refused a double booking with the domain message, and nothing changes', async ({ rbtPage, scenario, api }) => {
    const other = await scenario.addPatient('Emery');
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(2);
    let dialog = await schedule.openSlot('Thursday', '13:00');
    await dialog.choose('Patient', scenario.patient.name);
    await dialog.book();
    await expect(schedule.session('Scheduled', scenario.patient.initials, '97153', 'Thursday 13:00')).toBeVisible();

    dialog = await schedule.openSlot('Thursday', '11:00');
    await dialog.choose('Patient', other.patient.name);
    await dialog.choose('Start time', '13:15');

    await expect(dialog.message('The practitioner already has a session at that time (13:00 to 14:00).')).toBeVisible();
    await expect(dialog.bookButton).toBeDisabled();
    await dialog.cancel();
    expect((await api.authorization(other.treatment.id)).scheduledUnits).toBe(0);
  });

  test('is refused a booking over the balance with the numbers, and nothing changes', async ({ rbtPage, scenario, api }) => {
    const { patient, treatment } = scenario;
    await api.post(`/authorizations/${treatment.id}/reserve`, { units: treatment.availableUnits - 2 });
    const schedule = new SchedulePage(rbtPage);

    await schedule.open(2);
    const dialog = await schedule.openSlot('Friday', '11:00');
    await dialog.choose('Patient', patient.name);

    await expect(dialog.message('has 2 units available; this session needs 4')).toBeVisible();
    await expect(dialog.bookButton).toBeDisabled();
    await dialog.cancel();
    expect((await api.authorization(treatment.id)).availableUnits).toBe(2);
  });

  test('cannot pick a 97155 authorization', async ({ rbtPage, scenario }) => {
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(3);
    const dialog = await schedule.openSlot('Monday', '08:00');
    await dialog.choose('Patient', scenario.patient.name);
    await dialog.root.getByRole('combobox', { name: 'Authorization' }).click();

    await expect(rbtPage.getByRole('option', { name: /97153/ })).toHaveCount(1);
    await expect(rbtPage.getByRole('option', { name: /97155/ })).toHaveCount(0);
  });

  test('books a weekly series after previewing it, and the calendar shows every session', async ({ rbtPage, scenario, api }) => {
    const { patient, treatment } = scenario;
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(4);
    const dialog = await schedule.openSlot('Monday', '15:00');
    await dialog.choose('Patient', patient.name);
    await rbtPage.getByLabel('Repeat weekly').check();
    await dialog.root.getByText('Wed', { exact: true }).click();
    await rbtPage.getByLabel('Number of sessions').fill('4');
    await rbtPage.getByLabel('Number of sessions').blur();

    await expect(dialog.root.getByRole('row', { name: /^Wed / })).toHaveCount(2);
    await expect(dialog.root.getByRole('row')).toHaveCount(5);
    await expect(dialog.preview).toContainText('4 sessions · 16 units');
    await rbtPage.getByRole('button', { name: 'Book series' }).click();
    await expect(dialog.root).toHaveCount(0);
    expect((await api.authorization(treatment.id)).scheduledUnits).toBe(16);

    const sessions = rbtPage.getByRole('button', { name: new RegExp(`: Scheduled session ${patient.initials.replaceAll('.', '\\.')} 97153, (Monday|Wednesday) 15:00`) });
    await expect(sessions).toHaveCount(2);
    await schedule.move(1);
    await expect(sessions).toHaveCount(2);
  });
});

test.describe('a BCBA', { tag: '@scheduling' }, () => {
  test('can pick a 97155 authorization', async ({ bcbaPage, scenario }) => {
    const schedule = new SchedulePage(bcbaPage);
    await schedule.open(3);
    const dialog = await schedule.openSlot('Tuesday', '08:00');
    await dialog.choose('Patient', scenario.patient.name);
    await dialog.root.getByRole('combobox', { name: 'Authorization' }).click();

    await expect(bcbaPage.getByRole('option', { name: /97155/ })).toHaveCount(1);
  });
});
