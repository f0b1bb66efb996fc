// Live updates in a real browser (issue 17): PAGES admin pages (browser contexts of their own, so circuits of their
// own) open on one patient's page, CHANGES reserves of one unit through the API one after another, and for each the
// time from the request to the moment the last page shows the new scheduled count (a MutationObserver in each page
// notes it). Prints p50/p95/max. Builds its own patient through the API, so it runs against any server:
//   BASE_URL=http://localhost:5000 PAGES=12 CHANGES=40 node e2e/scripts/live-pages.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://localhost:5000';
const email = process.env.E2E_ADMIN_EMAIL ?? 'admin@orga.example';
const password = process.env.E2E_PASSWORD ?? 'Omni-Demo-2026!';
const pageCount = Number(process.env.PAGES ?? 12);
const changes = Number(process.env.CHANGES ?? 40);

async function api(path, { token, body } = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const day = offset => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const suffix = Date.now().toString(36).toUpperCase();
const { accessToken: token } = await api('/auth/login', { body: { email, password } });
const patient = await api('/patients', { token, body: { firstName: 'Lena', lastName: `Live${suffix}`, dateOfBirth: day(-2200), memberId: `LIVE-${suffix}` } });
const authorization = await api('/authorizations', {
  token, body: { patientId: patient.id, serviceCode: '97153', authNumber: `LIVE-${suffix}`, startDate: day(-7), endDate: day(150), totalUnits: 1000 },
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const signIn = await browser.newContext();
const login = await signIn.newPage();
await login.goto(`${base}/Account/Login`);
await login.getByLabel('Email').fill(email);
await login.getByLabel('Password').fill(password);
await login.getByRole('button', { name: 'Sign in' }).click();
await login.waitForURL(`${base}/`);
const storageState = await signIn.storageState();
await signIn.close();

const pages = await Promise.all(Array.from({ length: pageCount }, async () => {
  const page = await (await browser.newContext({ storageState })).newPage();
  await page.goto(`${base}/patients/${patient.id}`);
  await page.getByTestId('circuit-ready').waitFor({ state: 'attached' });
  await page.locator(`[data-testid=balance-bar][data-authorization="${authorization.id}"]`).waitFor();
  return page;
}));

// Resolves with the page's clock when its scheduled count reads `expected`.
const shows = (page, expected) => page.evaluate(([id, expected]) => new Promise(resolve => {
  const cell = () => document.querySelector(`[data-testid=balance-bar][data-authorization="${id}"]`)
    ?.closest('.mud-expand-panel')?.querySelector('[data-testid=scheduled-units]');
  const check = () => cell()?.textContent.trim() === expected && (observer.disconnect(), resolve(Date.now()));
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
}), [authorization.id, String(expected)]);

const latencies = [];
for (let i = 1; i <= changes; i++) {
  const seen = pages.map(page => shows(page, i));
  const sent = Date.now();
  await api(`/authorizations/${authorization.id}/reserve`, { token, body: { units: 1 } });
  latencies.push(Math.max(...await Promise.all(seen)) - sent);
  await new Promise(resolve => setTimeout(resolve, 250));
}
await browser.close();

latencies.sort((a, b) => a - b);
const at = share => latencies[Math.min(latencies.length - 1, Math.ceil(share * latencies.length) - 1)];
console.log(`${pageCount} pages on one patient's page, ${changes} reserves through the API: request to the last page's redraw`);
console.log(`p50 ${at(0.5)} ms · p95 ${at(0.95)} ms · max ${latencies.at(-1)} ms`);
