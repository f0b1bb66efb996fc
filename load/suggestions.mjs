// Find a slot on the demo data: POST /appointments/suggestions for every active 97153 authorization of orgA in turn
// (a client, 60 minutes, the next 14 days, any practitioner), one request at a time after a short warm-up, and prints
// the answers' latency percentiles against the 200 ms target. Nothing is booked, so the demo data stays as it was.
//   node load/suggestions.mjs --base http://127.0.0.1:5000 [--requests 200]
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { base: { type: 'string' }, requests: { type: 'string', default: '200' } } });
const base = args.base ?? 'http://127.0.0.1:5000';
const requests = Number(args.requests);
const target = 200;

async function api(path, { token, body } = {}) {
  const response = await fetch(base + '/api/v1' + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const { accessToken: token } = await api('/auth/login', { body: { email: 'admin@orga.example', password: process.env.DEMO_PASSWORD ?? 'Omni-Demo-2026!' } });
const authorizations = (await api('/authorizations', { token })).filter(a => a.serviceCode === '97153' && a.status === 'Active');
if (authorizations.length === 0) throw new Error('no active 97153 authorization in the demo data');

const from = new Date();
const to = new Date(from.getTime() + 14 * 86_400_000);
const ask = authorization => api('/appointments/suggestions', {
  token,
  body: { patientId: authorization.patientId, authorizationId: authorization.id, durationMinutes: 60, from: from.toISOString(), to: to.toISOString() },
});

for (const authorization of authorizations.slice(0, 5)) await ask(authorization);

const latencies = [];
let suggestions = 0;
for (let i = 0; i < requests; i++) {
  const started = performance.now();
  suggestions += (await ask(authorizations[i % authorizations.length])).length;
  latencies.push(performance.now() - started);
}

latencies.sort((a, b) => a - b);
const at = p => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
const ms = value => value.toFixed(1);
console.log(`find a slot: ${requests} requests over ${authorizations.length} clients, ${(suggestions / requests).toFixed(1)} suggestions each; ` +
  `p50 ${ms(at(50))} ms, p95 ${ms(at(95))} ms, p99 ${ms(at(99))} ms, max ${ms(latencies[latencies.length - 1])} ms; ` +
  `target p99 under ${target} ms: ${at(99) < target ? 'met' : 'NOT met'}`);
