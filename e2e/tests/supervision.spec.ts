import { test, expect } from './fixtures';
import { daysToNextMonth, isoDay, localInstant } from './dates';
import { open } from './pages';

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
    const suggestion = card.getByTestId('supervision-suggestion');
    await expect(suggestion).toHaveCount(1);
    await expect(suggestion).toContainText(`09:00–09:30 · ${patient.initials} · 97155 by ${bcba.name} · 2 units`);
    await suggestion.getByRole('button', { name: /^Book 97155 with/ }).click();

    await expect(card.getByTestId('supervision-status')).toHaveText('On track');
    await expect(card.getByTestId('supervision-needs')).toHaveCount(0);
    await expect(watched.getByTestId('supervision-status')).toHaveText('On track');
    expect((await api.authorization(supervision.id)).scheduledUnits).toBe(4);
  });
});
