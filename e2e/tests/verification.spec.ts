import { test, expect, accounts, Api } from './fixtures';
import { isoDay, localInstant } from './dates';
import { choose, open, PatientPage } from './pages';

test.describe('a case supervisor', { tag: '@scheduling' }, () => {
  test.use({ scenarioOptions: { startDay: -14 } });

  test("is assigned on the client's page, sends a signed note back, sees it return live once corrected, and verifies it", async ({ adminPage, bcbaPage, scenario, api, baseURL }) => {
    const { patient, rbt, bcba, treatment } = scenario;
    const start = localInstant(-2, '10:00');
    const session = await api.post<{ id: string }>('/appointments', {
      patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start, end: localInstant(-2, '11:00'),
    }, [201]);
    await api.post(`/appointments/${session.id}/complete`, { actualStart: start, actualEnd: localInstant(-2, '11:00') });
    await api.giveNpi(rbt);
    const rbtApi = await Api.signIn(baseURL!, rbt.email);
    await rbtApi.post(`/appointments/${session.id}/note/sign`, { password: accounts.password, goalsAddressed: 'Manding', narrative: 'Ten trials of manding.' });

    const client = new PatientPage(adminPage);
    await client.open(patient);
    await choose(adminPage.locator('body'), 'Case supervisor', bcba.name);
    await expect(adminPage.getByText('Case supervisor assigned.')).toBeVisible();

    await open(bcbaPage, '/');
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('1');
    await bcbaPage.getByRole('button', { name: 'Review' }).click();
    const note = bcbaPage.getByRole('dialog');
    await expect(note.getByTestId('note-text')).toContainText('Ten trials of manding.');
    await note.getByRole('button', { name: 'Send back' }).click();
    await expect(note.getByRole('alert')).toContainText('Say why the session goes back');
    await note.getByLabel('Reason to send it back').fill('Name the prompts used.');
    await note.getByRole('button', { name: 'Send back' }).click();
    await expect(note.getByTestId('note-return')).toContainText('Name the prompts used.');
    await expect(note.getByRole('button', { name: 'Verify' })).toHaveCount(0);
    await note.getByRole('button', { name: 'Close' }).click();
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('0');

    await rbtApi.post(`/appointments/${session.id}/note/addenda`, { password: accounts.password, text: 'Gestural prompts, faded by trial 8.' }, [201]);
    await rbtApi.dispose();
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('1');
    await bcbaPage.getByRole('button', { name: 'Review' }).click();
    await expect(note.getByTestId('note-addendum')).toContainText('Gestural prompts');
    await note.getByRole('button', { name: 'Verify' }).click();
    await expect(note).toBeHidden();
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('0');

    await open(adminPage, `/patients/${patient.id}/schedule?date=${isoDay(-2)}`);
    await expect(adminPage.getByRole('button', { name: new RegExp(`: Verified session ${patient.initials.replace(/\./g, '\\.')} 97153`) })).toBeVisible();
  });
});
