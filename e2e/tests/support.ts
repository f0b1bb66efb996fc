import { expect, type Page } from '@playwright/test';

export const password = process.env.DEMO_PASSWORD ?? 'Omni-Demo-2026!';

/** Saved sign-ins, one per role, written by auth.setup.ts. */
export const state = {
  admin: '.auth/admin.json',
  bcba: '.auth/bcba.json',
  rbt: '.auth/rbt.json',
  otherAdmin: '.auth/other-admin.json',
} as const;

/** Blazor pages are prerendered; a click before the circuit connects is lost, so wait for it. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('circuit-ready')).toBeAttached();
}

export async function signIn(page: Page, email: string, secret = password) {
  await page.goto('/Account/Login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A date in the demo organizations' New York time zone, `days` from today, as the calendar labels it. */
export function newYorkDay(days: number) {
  const now = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'long' })
    .formatToParts(now);
  const get = (type: string) => parts.find(p => p.type === type)!.value;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', month: 'long' }).format(now);
  const weekday = get('weekday');
  return { weekday, label: `${weekday} ${Number(get('day'))} ${month}`, isMonday: weekday === 'Monday', isSunday: weekday === 'Sunday' };
}

/** Opens the booking dialog on a weekday's slot of the week `weeksAhead` from now, as the signed-in practitioner. */
export async function openSlot(page: Page, weeksAhead: number, weekday: string, time: string) {
  await open(page, '/schedule');
  for (let i = 0; i < weeksAhead; i++) {
    await page.getByRole('button', { name: 'Next week' }).click();
  }
  for (let i = 0; i > weeksAhead; i--) {
    await page.getByRole('button', { name: 'Previous week' }).click();
  }
  await page.getByRole('button', { name: new RegExp(`^Book ${weekday} \\d+ \\w+ at ${time}$`) }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
}

export async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('dialog').getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
  await expect(page.getByRole('option')).toHaveCount(0);
}

/** The numbers of one authorization's balance bar on a patient's page. */
export async function balanceOf(page: Page, code: string) {
  const panel = page.locator('.mud-expand-panel', { hasText: `${code} ·` });
  const read = async (id: string) => Number(await panel.getByTestId(id).textContent());
  return { used: await read('used-units'), scheduled: await read('scheduled-units'), available: await read('available-units') };
}

export async function openPatient(page: Page, name: string) {
  await open(page, '/patients');
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByTestId('circuit-ready')).toBeAttached();
}
