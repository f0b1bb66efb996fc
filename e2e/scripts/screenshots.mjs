// Screenshots for the README, from the demo data, in headless Chromium:
//   BASE_URL=http://localhost:5000 node e2e/scripts/screenshots.mjs
// Books a few sessions for rbt1@orga.example this week first (idempotency keys make a second run change nothing).
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://localhost:5000';
const password = process.env.DEMO_PASSWORD ?? 'Omni-Demo-2026!';
const out = new URL('../../docs/screenshots/', import.meta.url);

async function api(path, { token, body, key } = {}) {
  const response = await fetch(base + '/api/v1' + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...(key && { 'idempotency-key': key }) },
    body: body && JSON.stringify(body),
  });
  return response.json();
}

const { accessToken: token } = await api('/auth/login', { body: { email: 'admin@orga.example', password } });
const practitioners = await api('/practitioners', { token });
const patients = await api('/patients', { token });
const rbt = practitioners.find(p => p.email === 'rbt1@orga.example');
const monday = new Date();
monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
const sessions = [[0, 14, 0, 60], [1, 9, 15, 60], [1, 13, 0, 90], [2, 10, 0, 120], [3, 15, 0, 60], [4, 9, 0, 45]];
for (const [i, [day, hour, minute, minutes]] of sessions.entries()) {
  const patient = patients[i % 3];
  const authorization = (await api(`/authorizations?patientId=${patient.id}`, { token })).find(a => a.serviceCode === '97153');
  const start = new Date(Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + day, hour + 5, minute));
  await api('/appointments', {
    token, key: `screenshots-${start.toISOString()}`,
    body: { patientId: patient.id, practitionerId: rbt.id, authorizationId: authorization.id, start, end: new Date(start.getTime() + minutes * 60_000) },
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
async function shoot(email, path, file, prepare) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(base + '/Account/Login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
  await page.goto(base + path);
  await page.getByTestId('circuit-ready').waitFor({ state: 'attached' });
  if (prepare) await prepare(page);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: new URL(file, out).pathname });
  await page.close();
}

await shoot('rbt1@orga.example', '/schedule', 'schedule.png', page => page.getByTestId('calendar-session').first().waitFor());
await shoot('admin@orga.example', '/patients', 'patient.png', async page => {
  await page.getByRole('link', { name: patients[0].name }).click();
  await page.getByTestId('balance-bar').first().waitFor();
});
await shoot('admin@orga.example', '/', 'dashboard.png', page => page.getByRole('heading', { name: 'Units per service code' }).waitFor());
await browser.close();
console.log('screenshots written to docs/screenshots/');
