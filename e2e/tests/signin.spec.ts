import { test, expect } from '@playwright/test';
import { password, signIn } from './support';

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
