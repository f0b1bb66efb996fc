import { test as setup, expect } from '@playwright/test';
import { signIn, state } from './support';

const accounts: Array<[keyof typeof state, string]> = [
  ['admin', 'admin@orga.example'],
  ['bcba', 'bcba1@orga.example'],
  ['rbt', 'rbt1@orga.example'],
  ['otherAdmin', 'admin@orgb.example'],
];

for (const [role, email] of accounts) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.context().storageState({ path: state[role] });
  });
}
