import { Secret, TOTP } from 'otpauth';
import { test, expect, accounts, signedInPage, unique } from './fixtures';
import { expectAccessible } from './axe';

/** The code an authenticator app set up with the key shows now. */
function codeFor(key: string) {
  return new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, '').toUpperCase()), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
}

test.describe('two-factor sign-in', { tag: ['@admin', '@a11y'] }, () => {
  test('an admin sets it up with the key shown, signs out, and signs back in with a code from it', async ({ browser, api }) => {
    const email = `e2e-2fa-${unique().toLowerCase()}@qa.example`;
    await api.post('/users', { displayName: `Admin ${unique()}`, email, password: accounts.password, role: 'Admin' });
    const page = await signedInPage(browser, email);

    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('link', { name: 'Manage two-factor sign-in' }).click();
    await expect(page.getByTestId('two-factor-status')).toContainText('Off');
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    await expectAccessible(page);
    const key = await page.getByTestId('authenticator-key').innerText();
    await page.getByLabel('Code from the app').fill(codeFor(key));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/Account\/Login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(accounts.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Authenticator code').fill(codeFor(key));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.context().close();
  });
});
