import { test, expect } from '@playwright/test';
import { open, password, signIn, state } from './support';

test('a practitioner signs in, sees the organization, and signs out', async ({ page }) => {
  await signIn(page, 'rbt2@orga.example');

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  await expect(page.getByTestId('organization-name')).toContainText('OrgA');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page).toHaveURL(/\/Account\/Login/);
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/Account\/Login/);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await signIn(page, 'rbt3@orga.example', 'Not-the-password-1!');

  await expect(page.getByText('Invalid email or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/Account\/Login/);
});

test('five wrong passwords lock the account out', async ({ page }) => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, 'bcba1@orgc.example', `Wrong-password-${attempt}!`);
  }

  await expect(page.getByRole('heading', { name: 'Account locked' })).toBeVisible();
  await signIn(page, 'bcba1@orgc.example', password);
  await expect(page.getByText('locked after too many failed sign-in attempts')).toBeVisible();
});

test('a user an admin locks loses the page they have open within seconds', async ({ browser }) => {
  const rbt = await browser.newContext();
  const page = await rbt.newPage();
  await signIn(page, 'rbt1@orgb.example');
  await open(page, '/patients');

  const admin = await browser.newContext({ storageState: state.otherAdmin });
  const users = await admin.newPage();
  await open(users, '/admin/users');
  const row = users.getByRole('row', { name: /rbt1@orgb\.example/ });
  await row.getByRole('button', { name: /^Lock / }).click();
  await users.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(row.getByText('Locked')).toBeVisible();

  // The open circuit revalidates its user every few seconds and sends a locked one to sign in.
  await expect(page).toHaveURL(/\/Account\/Login/, { timeout: 20_000 });
  await admin.close();
  await rbt.close();
});
