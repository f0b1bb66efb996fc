import { test, expect, accounts, signedInPage } from './fixtures';
import { open } from './pages';

/** Failed sign-ins that lock an address out: ./test.sh's server locks at 5 (SignIn__Throttle__LockoutAfter). */
const lockoutAfter = Number(process.env.E2E_LOCKOUT_AFTER ?? 5);

async function attempt(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/Account/Login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe('signing in', { tag: '@admin' }, () => {
  test('a practitioner signs in, sees the organization, and signs out', { tag: '@smoke' }, async ({ browser, scenario }) => {
    const page = await signedInPage(browser, scenario.rbt.email);

    await expect(page.getByTestId('organization-name')).not.toBeEmpty();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await expect(page).toHaveURL(/\/Account\/Login/);
    await page.goto('/patients');
    await expect(page).toHaveURL(/\/Account\/Login/);
    await page.context().close();
  });

  test('a wrong password is refused with a message', async ({ page, scenario }) => {
    await attempt(page, scenario.rbt.email, 'Not-the-password-1!');

    await expect(page.getByText('Invalid email or password.')).toBeVisible();
    await expect(page).toHaveURL(/\/Account\/Login/);
  });

  test('repeated wrong passwords lock the account out', async ({ page, scenario }) => {
    for (let failure = 1; failure <= lockoutAfter; failure++) {
      await attempt(page, scenario.bcba.email, `Wrong-password-${failure}!`);
    }

    await expect(page.getByRole('heading', { name: 'Account locked' })).toBeVisible();
    await attempt(page, scenario.bcba.email, accounts.password);
    await expect(page.getByText('locked after too many failed sign-in attempts')).toBeVisible();
  });

  test('a user an admin locks loses the page they have open within seconds', async ({ browser, adminPage, scenario }) => {
    const page = await signedInPage(browser, scenario.rbt.email);
    await open(page, '/patients');

    await open(adminPage, '/admin/users');
    const row = adminPage.getByRole('row', { name: new RegExp(scenario.rbt.email.replaceAll('.', '\\.')) });
    await row.getByRole('button', { name: /^Lock / }).click();
    await adminPage.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(row.getByText('Locked')).toBeVisible();

    // The open circuit revalidates its user every few seconds and sends a locked one to sign in.
    await expect(page).toHaveURL(/\/Account\/Login/, { timeout: 20_000 });
    await page.context().close();
  });
});
