import { test, expect } from './fixtures';
import { open } from './pages';

test('another organization\'s admin opening a patient URL sees "not found" and none of its data anywhere', { tag: ['@tenancy', '@smoke'] }, async ({ otherAdminPage, otherApi, scenario }) => {
  const { patient, treatment } = scenario;
  const theirPatient = await otherApi.patient('Kai');
  const theirAuthorization = await otherApi.authorize(theirPatient, '97153');

  await open(otherAdminPage, `/patients/${patient.id}`);

  await expect(otherAdminPage.getByText('There is no such patient in your organization.')).toBeVisible();
  await expect(otherAdminPage.getByText(patient.name)).toHaveCount(0);
  // Each list finds the organization's own new rows by name, and finds nothing by the other organization's.
  await open(otherAdminPage, '/patients');
  const search = otherAdminPage.getByLabel('Search by name or member id');
  await search.fill(theirPatient.name);
  await expect(otherAdminPage.getByRole('link', { name: theirPatient.name })).toBeVisible();
  await search.fill(patient.name);
  await expect(otherAdminPage.getByText('No patients match.')).toBeVisible();
  await open(otherAdminPage, '/admin/authorizations');
  const filter = otherAdminPage.getByLabel('Patient');
  await filter.fill(theirPatient.name);
  await expect(otherAdminPage.getByText(theirAuthorization.authNumber)).toBeVisible();
  await filter.fill(patient.name);
  await expect(otherAdminPage.getByText('No authorizations match.')).toBeVisible();
  await expect(otherAdminPage.getByText(treatment.authNumber)).toHaveCount(0);
});

test('another organization\'s admin gets 404 from the API for a patient\'s authorization, as for a missing one', { tag: '@tenancy' }, async ({ otherApi, scenario }) => {
  const theirs = await otherApi.request.get(`/api/v1/authorizations/${scenario.treatment.id}`);
  const missing = await otherApi.request.get(`/api/v1/authorizations/${crypto.randomUUID()}`);
  const reserve = await otherApi.request.post(`/api/v1/authorizations/${scenario.treatment.id}/reserve`, { data: { units: 1 } });

  expect([theirs.status(), missing.status(), reserve.status()]).toEqual([404, 404, 404]);
  expect((await theirs.json()).type).toBe((await missing.json()).type);
});
