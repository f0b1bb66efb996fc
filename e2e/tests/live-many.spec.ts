import { test, expect, state } from './fixtures';
import { PatientPage } from './pages';

// Runs in the `live-many` project, after the parallel journeys, so other workers cannot starve its pages.
const pages = 6;

test(`${pages} admins on one patient's page all see a reserve within 1 s`, { tag: '@live' }, async ({ browser, scenario, api }) => {
  const { patient, treatment } = scenario;
  const contexts = await Promise.all(Array.from({ length: pages }, () => browser.newContext({ storageState: state.admin })));
  const scheduled = await Promise.all(contexts.map(async context => {
    const page = new PatientPage(await context.newPage());
    await page.open(patient);
    const shown = page.panel(treatment).getByTestId('scheduled-units');
    await expect(shown).toHaveText('0');
    return shown;
  }));

  await api.post(`/authorizations/${treatment.id}/reserve`, { units: 3 });

  await Promise.all(scheduled.map(shown => expect(shown).toHaveText('3', { timeout: 1_000 })));
  await Promise.all(contexts.map(context => context.close()));
});
