import { test, expect } from './fixtures';
import { localInstant } from './dates';
import { open } from './pages';

test.describe('on a 390 px phone', { tag: '@scheduling' }, () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a practitioner's schedule is today's agenda, nothing scrolls sideways, and sign-out is one icon", async ({ rbtPage, scenario, api }) => {
    const { patient, treatment, rbt } = scenario;
    await api.post('/appointments', { patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start: localInstant(0, '15:00'), end: localInstant(0, '16:00'), placeOfService: '12' }, [201]);
    const fitsTheWidth = () => rbtPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await open(rbtPage, '/schedule');

    const session = rbtPage.getByTestId('agenda-session');
    await expect(session).toHaveCount(1);
    await expect(session).toContainText(`15:00–16:00 · ${patient.initials} · 97153`);
    await expect(session).toContainText('12 Home · Scheduled');
    await expect(rbtPage.getByRole('button', { name: /^Book \w+ \d+ \w+ at 07:00$/ })).toHaveCount(0);
    expect(await fitsTheWidth()).toBe(true);
    await expect(rbtPage.getByRole('button', { name: 'Sign out' })).toHaveCount(1);
    await session.getByRole('button', { name: `Open the 15:00 session of ${patient.initials}` }).click();
    await expect(rbtPage.getByRole('dialog')).toContainText('97153');

    await open(rbtPage, '/');
    await expect(rbtPage.getByRole('row', { name: new RegExp(`^Time 15:00–16:00 Patient ${patient.name} `) })).toBeVisible();
    expect(await fitsTheWidth()).toBe(true);
  });
});
