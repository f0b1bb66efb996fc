import { readFile } from 'node:fs/promises';
import { test, expect, accounts } from './fixtures';
import { SchedulePage, open } from './pages';

test.describe('a session, from the calendar to a claim', { tag: '@admin' }, () => {
  test.use({ scenarioOptions: { startDay: -14, payer: { fees: { '97153': 19.5 } } } });

  test("the RBT completes it and signs its note, the case supervisor verifies it, and the admin bills it and downloads the CSV with its line", async ({ rbtPage, bcbaPage, adminPage, scenario, api }) => {
    const { patient, rbt, bcba, treatment, payer } = scenario;
    await api.giveNpi(rbt);
    await api.put(`/patients/${patient.id}/case-supervisor`, { practitionerId: bcba.id });

    const schedule = new SchedulePage(rbtPage);
    await schedule.open(-1);
    const dialog = await schedule.openSlot('Thursday', '13:00');
    await dialog.choose('Patient', patient.name);
    await dialog.book();
    await schedule.session('Scheduled', patient.initials, '97153', 'Thursday 13:00').click();
    await rbtPage.getByRole('button', { name: 'Complete session' }).click();
    await expect(schedule.session('Completed', patient.initials, '97153')).toBeVisible();
    await open(rbtPage, '/');
    await rbtPage.getByRole('button', { name: 'Write note' }).click();
    const note = rbtPage.getByRole('dialog');
    await note.getByLabel('Goals addressed').fill('Tacting common objects');
    await note.getByLabel('Narrative').fill('Fifteen trials; eleven independent tacts.');
    await note.getByLabel('Your password, to sign').fill(accounts.password);
    await note.getByRole('button', { name: 'Sign note' }).click();
    await expect(note).toBeHidden();

    await open(bcbaPage, '/');
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('1');
    await bcbaPage.getByRole('button', { name: 'Review' }).click();
    const review = bcbaPage.getByRole('dialog');
    await expect(review.getByTestId('note-text')).toContainText('eleven independent tacts');
    await review.getByRole('button', { name: 'Verify' }).click();
    await expect(review).toBeHidden();
    await expect(bcbaPage.getByTestId('verify-count')).toHaveText('0');

    await open(adminPage, '/admin/claims');
    await adminPage.getByRole('button', { name: `Bill ${payer!.name}'s sessions` }).click();
    await adminPage.getByRole('button', { name: 'Create batch' }).click();
    await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText(`Claim batch · ${payer!.name}`);
    await expect(adminPage.getByTestId('batch-totals')).toHaveText('1 lines · 4 units · $78.00');
    const [download] = await Promise.all([adminPage.waitForEvent('download'), adminPage.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`${patient.name},`);
    expect(rows[1]).toContain(`,${treatment.authNumber},97153,HM,11,4,19.50,78.00,${rbt.name},`);
    expect(rows[1]).toContain(',F84.0,1,Self,,');
  });
});
