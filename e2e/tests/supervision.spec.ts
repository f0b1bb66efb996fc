import { test, expect } from './fixtures';
import { daysToNextMonth, isoDay, localInstant } from './dates';
import { ClinicBoard, SchedulePage, choose, fillDate, open } from './pages';

test.describe('a supervisor', { tag: '@supervision' }, () => {
  test('sees an RBT at risk next month, books the suggested 97155, and the status turns to on track live', async ({ api, scenario, bcbaPage, adminPage }) => {
    const { patient, treatment, supervision, rbt, bcba } = scenario;
    const supervised = await api.request.put(`/api/v1/practitioners/${rbt.id}/supervisor`, { data: { supervisorId: bcba.id } });
    expect(supervised.status()).toBe(200);
    const [first, second] = [daysToNextMonth(10), daysToNextMonth(11)];
    const book = (practitionerId: string, authorizationId: string, days: number, from: string, to: string) =>
      api.post('/appointments', { patientId: patient.id, practitionerId, authorizationId, start: localInstant(days, from), end: localInstant(days, to) }, [201]);
    await book(rbt.id, treatment.id, first, '09:00', '12:00');
    await book(rbt.id, treatment.id, second, '09:00', '12:00');
    await book(bcba.id, supervision.id, first, '10:00', '10:30');
    const month = isoDay(first).slice(0, 7);

    await open(adminPage, `/supervision?month=${month}`);
    await open(bcbaPage, `/supervision?month=${month}`);
    const card = bcbaPage.locator(`[data-rbt="${rbt.id}"]`);
    const watched = adminPage.locator(`[data-rbt="${rbt.id}"]`);
    await expect(card.getByTestId('supervision-status')).toHaveText('At risk');
    await expect(card.getByTestId('supervision-needs')).toHaveText('Needs 1 more contact.');
    await expect(card.getByTestId('supervision-forecast')).toContainText('6 h');
    await expect(watched.getByTestId('supervision-status')).toHaveText('At risk');

    await card.getByRole('button', { name: `Suggest supervision for ${rbt.name}` }).click();
    // One 97155 over the uncovered session, then meetings at times both are free.
    const suggestion = card.getByTestId('supervision-suggestion').filter({ hasText: '97155' });
    await expect(suggestion).toHaveCount(1);
    await expect(suggestion).toContainText(`09:00–09:30 · ${patient.initials} · 97155 by ${bcba.name} · 2 units`);
    await expect(card.getByTestId('supervision-suggestion').filter({ hasText: `individual meeting with ${bcba.name}` })).toHaveCount(2);
    await suggestion.getByRole('button', { name: /^Book 97155 with/ }).click();

    await expect(card.getByTestId('supervision-status')).toHaveText('On track');
    await expect(card.getByTestId('supervision-needs')).toHaveCount(0);
    await expect(watched.getByTestId('supervision-status')).toHaveText('On track');
    expect((await api.authorization(supervision.id)).scheduledUnits).toBe(4);
  });
});

test.describe('a supervision meeting', { tag: '@supervision' }, () => {
  test("appears live on the supervisor's week and an RBT's, takes their time, and leaves when cancelled", async ({ api, scenario, bcbaPage, rbtPage }) => {
    const { patient, supervision, rbt, bcba } = scenario;
    const other = await api.practitioner('RBT');
    const supervisorWeek = new SchedulePage(bcbaPage);
    const rbtWeek = new SchedulePage(rbtPage);
    await supervisorWeek.open(1);
    await rbtWeek.open(1);

    const meeting = await api.post<{ id: string }>('/supervision/meetings', {
      supervisorId: bcba.id, rbtIds: [rbt.id, other.id], start: localInstant(7, '13:00'), end: localInstant(7, '14:00'), modality: 'Video',
    }, [201]);
    for (const page of [bcbaPage, rbtPage]) {
      const block = page.getByTestId('calendar-supervision');
      await expect(block).toContainText('Group supervision (2 RBTs)');
      await expect(block).toContainText('13:00–14:00');
      await expect(block).toContainText(`Video · ${bcba.name}`);
    }
    const refused = await api.request.post('/api/v1/appointments', {
      data: { patientId: patient.id, practitionerId: bcba.id, authorizationId: supervision.id, start: localInstant(7, '13:15'), end: localInstant(7, '13:45') },
    });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).detail).toContain('supervision from 13:00 to 14:00');

    await api.post(`/supervision/meetings/${meeting.id}/cancel`, { reason: 'Moved to next month' });
    await expect(bcbaPage.getByTestId('calendar-supervision')).toHaveCount(0);
    await expect(rbtPage.getByTestId('calendar-supervision')).toHaveCount(0);
  });
});

test.describe('a supervisor', { tag: '@supervision' }, () => {
  test('schedules a group meeting from the Supervision page; it is on the clinic board live, and cancelling it frees the time', async ({ api, scenario, bcbaPage, adminPage }) => {
    const { rbt, bcba } = scenario;
    const other = await api.practitioner('RBT');
    for (const supervised of [rbt, other]) {
      expect((await api.request.put(`/api/v1/practitioners/${supervised.id}/supervisor`, { data: { supervisorId: bcba.id } })).status()).toBe(200);
    }
    const day = daysToNextMonth(10);
    const board = new ClinicBoard(adminPage);
    await board.open(isoDay(day), [bcba, rbt, other]);
    await open(bcbaPage, `/supervision?month=${isoDay(day).slice(0, 7)}`);

    await bcbaPage.getByRole('button', { name: 'Schedule a meeting' }).click();
    const dialog = bcbaPage.getByRole('dialog');
    const rbts = dialog.getByRole('combobox', { name: 'RBTs' });
    await rbts.click();
    await bcbaPage.getByRole('option', { name: rbt.name }).click();
    await bcbaPage.getByRole('option', { name: other.name }).click();
    // A multiple choice stays open until its field is clicked again.
    await rbts.click();
    await expect(bcbaPage.getByRole('option')).toHaveCount(0);
    await fillDate(dialog, 'Date', isoDay(day));
    await choose(dialog, 'Start time', '13:00');
    await choose(dialog, 'Duration', /^1 h$/);
    await dialog.getByText('By video').click();
    await dialog.getByRole('button', { name: 'Schedule meeting' }).click();

    const row = bcbaPage.getByTestId('supervision-meeting');
    await expect(row).toContainText('13:00–14:00');
    await expect(row).toContainText('Group supervision (2 RBTs) · video');
    await expect(row.getByTestId('supervision-meeting-status')).toHaveText('Scheduled');
    await expect(adminPage.getByTestId('calendar-supervision')).toHaveCount(3);

    await row.getByRole('button', { name: /^Cancel Group supervision/ }).click();
    await bcbaPage.getByRole('dialog').getByLabel('Reason').fill('Clinic closed');
    await bcbaPage.getByRole('dialog').getByRole('button', { name: 'Cancel supervision' }).click();
    await expect(row.getByTestId('supervision-meeting-status')).toHaveText('Cancelled');
    await expect(adminPage.getByTestId('calendar-supervision')).toHaveCount(0);
  });
});
