import { test, expect, accounts } from './fixtures';
import { SchedulePage, open } from './pages';

test.describe('an RBT', { tag: '@scheduling' }, () => {
  test.use({ scenarioOptions: { startDay: -14 } });

  test('writes the note of a completed session from home, signs it with their password, and the session reads documented', async ({ rbtPage, scenario }) => {
    const { patient } = scenario;
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(-1);
    const dialog = await schedule.openSlot('Tuesday', '09:00');
    await dialog.choose('Patient', patient.name);
    await dialog.book();
    await schedule.session('Scheduled', patient.initials, '97153', 'Tuesday 09:00').click();
    await rbtPage.getByRole('button', { name: 'Complete session' }).click();
    await expect(schedule.session('Completed', patient.initials, '97153')).toBeVisible();

    await open(rbtPage, '/');
    await expect(rbtPage.getByTestId('notes-count')).toHaveText('1');
    await rbtPage.getByRole('button', { name: 'Write note' }).click();
    const note = rbtPage.getByRole('dialog');
    await note.getByLabel('Goals addressed').fill('Manding with a 3-second delay');
    await note.getByLabel('Narrative').fill('Ten trials; prompts faded to a gesture.');
    await note.getByLabel('Your password, to sign').fill('not my password');
    await note.getByRole('button', { name: 'Sign note' }).click();
    await expect(note.getByRole('alert')).toHaveText('That is not your password; nothing was signed.');
    await note.getByLabel('Your password, to sign').fill(accounts.password);
    await note.getByRole('button', { name: 'Sign note' }).click();
    await expect(note).toBeHidden();
    await expect(rbtPage.getByTestId('notes-count')).toHaveText('0');

    await schedule.open(-1);
    await schedule.session('Documented', patient.initials, '97153', 'Tuesday 09:00').click();
    await expect(rbtPage.getByTestId('note-text')).toContainText('Ten trials; prompts faded to a gesture.');
    await expect(rbtPage.getByTestId('note-signature')).toContainText('Signed by');
    await rbtPage.getByLabel('Addendum').fill('The delay was 5 seconds.');
    await rbtPage.getByLabel('Your password, to sign').fill(accounts.password);
    await rbtPage.getByRole('button', { name: 'Sign addendum' }).click();
    await expect(rbtPage.getByTestId('note-addendum')).toContainText('The delay was 5 seconds.');
  });
});

test.describe('an RBT whose client\'s payer requires a caregiver\'s signature', { tag: '@scheduling' }, () => {
  test.use({ scenarioOptions: { startDay: -14, payer: { requiresCaregiverSignature: true } } });

  test('signs the note only once the caregiver has typed their name and relationship on the same device', async ({ rbtPage, scenario }) => {
    const { patient } = scenario;
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(-1);
    const dialog = await schedule.openSlot('Wednesday', '10:00');
    await dialog.choose('Patient', patient.name);
    await dialog.book();
    await schedule.session('Scheduled', patient.initials, '97153', 'Wednesday 10:00').click();
    await rbtPage.getByRole('button', { name: 'Complete session' }).click();
    await expect(schedule.session('Completed', patient.initials, '97153')).toBeVisible();

    await open(rbtPage, '/');
    await rbtPage.getByRole('button', { name: 'Write note' }).click();
    const note = rbtPage.getByRole('dialog');
    await note.getByLabel('Goals addressed').fill('Requesting breaks');
    await note.getByLabel('Narrative').fill('Twelve trials; two independent requests.');
    await note.getByLabel('Your password, to sign').fill(accounts.password);
    await note.getByRole('button', { name: 'Sign note' }).click();
    await expect(note.getByRole('alert')).toHaveText("The payer of this session requires a caregiver's signature: their name and relationship to the client.");
    await note.getByLabel("Caregiver's name").fill('Dana Doe');
    await note.getByLabel('Relationship to the client').fill('Mother');
    await note.getByLabel('Your password, to sign').fill(accounts.password);
    await note.getByRole('button', { name: 'Sign note' }).click();
    await expect(note).toBeHidden();

    await schedule.open(-1);
    await schedule.session('Documented', patient.initials, '97153', 'Wednesday 10:00').click();
    await expect(rbtPage.getByTestId('note-caregiver')).toContainText('Caregiver: Dana Doe (Mother), signed');
  });
});
