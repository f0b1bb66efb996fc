import { test, expect } from './fixtures';
import { isoDay, localDay, localInstant } from './dates';
import { ClinicBoard } from './pages';

/** The first weekday at least two days ahead, so the sessions are in the future and inside the authorizations. */
const ahead = [2, 3, 4, 5].find(days => !['Saturday', 'Sunday'].includes(localDay(days).weekday))!;

test('a scheduler books into an idle practitioner\'s column, drags the session to another (the other browser\'s board moves it live), and is refused a busy one',
  { tag: ['@scheduling', '@live'] }, async ({ schedulerPage, adminPage, scenario, api }) => {
    const { patient, rbt } = scenario;
    const [idle, busy, other] = await Promise.all([api.practitioner('RBT'), api.practitioner('RBT'), scenario.addPatient('Quinn')]);
    await api.post('/appointments', {
      patientId: other.patient.id, practitionerId: busy.id, authorizationId: other.treatment.id, start: localInstant(ahead, '10:00'), end: localInstant(ahead, '11:00'),
    }, [201]);
    const day = localDay(ahead).label;
    const board = new ClinicBoard(schedulerPage);
    const watching = new ClinicBoard(adminPage);
    // The journey's own team, as a link: other journeys' practitioners, added meanwhile, stay off its board.
    const team = [rbt, idle, busy];
    await Promise.all([board.open(isoDay(ahead), team), watching.open(isoDay(ahead), team)]);

    const dialog = await board.openSlot(rbt.name, day, '10:00');
    await dialog.choose('Patient', patient.name);
    await dialog.book();
    await expect(board.session(patient.initials, '97153', rbt.name)).toBeVisible();
    await expect(watching.session(patient.initials, '97153', rbt.name)).toBeVisible();

    const move = await board.drag(board.session(patient.initials, '97153', rbt.name), board.slot(idle.name, day, '10:00'));
    await expect(move.getByTestId('move-preview')).toContainText(`Can move to ${idle.name}`);
    await expect(move.getByTestId('move-preview')).toContainText('4 units become 4 (no change)');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(move).toHaveCount(0);
    await expect(board.session(patient.initials, '97153', idle.name)).toBeVisible();
    await expect(watching.session(patient.initials, '97153', idle.name)).toBeVisible();
    await expect(watching.session(patient.initials, '97153', rbt.name)).toHaveCount(0);

    const refused = await board.drag(board.session(patient.initials, '97153', idle.name), board.session(other.patient.initials, '97153', busy.name));
    await expect(refused.getByTestId('move-preview')).toContainText('The practitioner already has a session at that time (10:00 to 11:00)');
    await expect(refused.getByRole('button', { name: 'Move', exact: true })).toBeDisabled();
    await refused.getByRole('button', { name: 'Close' }).click();
    await expect(board.session(patient.initials, '97153', idle.name)).toBeVisible();
    const [session] = await api.get<{ practitionerId: string }[]>(`/appointments?from=${encodeURIComponent(localInstant(ahead, '00:00'))}&to=${encodeURIComponent(localInstant(ahead + 1, '00:00'))}&patientId=${patient.id}`);
    expect(session.practitionerId).toBe(idle.id);
  });
