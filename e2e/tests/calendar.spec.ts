import { test, expect } from './fixtures';
import { localInstant } from './dates';

test('a practitioner makes a calendar link that serves their sessions without names, and turns it off', { tag: '@scheduling' }, async ({ rbtPage, scenario, api, request }) => {
  const { patient, treatment, rbt } = scenario;
  const start = localInstant(3, '10:00');
  await api.post('/appointments', { patientId: patient.id, practitionerId: rbt.id, authorizationId: treatment.id, start, end: localInstant(3, '11:00') }, [201]);
  await rbtPage.goto('/Account/Manage');
  await expect(rbtPage.getByTestId('calendar-feed-status')).toHaveText('You have no calendar link.');

  await rbtPage.getByRole('button', { name: 'Make a calendar link' }).click();

  const link = (await rbtPage.getByTestId('calendar-feed-url').textContent())!.trim();
  const feed = await request.get(link);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const text = await feed.text();
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toContain(`SUMMARY:${patient.initials} 97153`);
  expect(text).not.toContain(patient.name.split(' ')[1]);

  await rbtPage.getByRole('button', { name: 'Turn the link off' }).click();
  await expect(rbtPage.getByText('Your calendar link is off')).toBeVisible();
  expect((await request.get(link)).status()).toBe(404);
});
