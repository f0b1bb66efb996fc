import { test as setup, expect } from '@playwright/test';
import { accounts, state } from './fixtures';

for (const [role, email] of [['admin', accounts.admin], ['otherAdmin', accounts.otherAdmin]] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/Account/Login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(accounts.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.context().storageState({ path: state[role] });
  });
}
