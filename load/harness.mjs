// The seed report's load scenarios against a running app, driven by autocannon; prints and writes a Markdown report.
//   node load/harness.mjs --base http://127.0.0.1:5000[,http://127.0.0.1:5001,...] --seconds 30 --report load/reports/x.md
//     [--scenarios contention,hot] [--warmup <s>] [--pid <app pid>[,<pid>...] --interval 60] [--allow 503] [--slowest <ms>]
//     [--fault-command <cmd> --fault-after <s>] [--ledger-command <prints the count of Reserve, Release and Consume ledger entries>]
// With several nodes (one database), every scenario runs against all of them at once, its connections split between them.
// Every scenario ends with the integrity check of every organization; the process exits 1 on any 5xx or violation, and
// on a booking refusal that names no rule.
import autocannon from 'autocannon';
import { execSync, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const bases = (args.base ?? 'http://127.0.0.1:5000').split(',');
// Sign-ins, headroom and checks go to the first node; every node accepts the others' tokens (shared keys).
const base = bases[0];
const seconds = Number(args.seconds ?? 30);
const password = process.env.DEMO_PASSWORD ?? 'Omni-Demo-2026!';
const wanted = (args.scenarios ?? 'contention,throughput,mixed,hot,booking,mixed-booking,limits').split(',');
const extra = args.baseline ? JSON.parse(args.baseline) : {};
const interval = args.interval ? Number(args.interval) : 0;
// The seed's contention scenario runs 60 s (3,000 arrivals); --contention-seconds sets it, else --seconds.
const contentionSeconds = Number(args['contention-seconds'] ?? seconds);

/** The app's resident memory in MB (--pid), read from /proc; with several nodes, theirs together. */
function appMemory() {
  if (!args.pid) return null;
  const kilobytes = args.pid.split(',').map(pid => /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8')));
  return kilobytes.every(Boolean) ? Math.round(kilobytes.reduce((sum, rss) => sum + Number(rss[1]), 0) / 1024) : null;
}

async function api(path, { token, body } = {}) {
  const response = await fetch(base + '/api/v1' + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const organizations = [];
for (const email of ['admin@orga.example', 'admin@orgb.example', 'admin@orgc.example']) {
  const { accessToken } = await api('/auth/login', { body: { email, password } });
  organizations.push({
    email,
    token: accessToken,
    authorizations: await api('/authorizations', { token: accessToken }),
    patients: await api('/patients', { token: accessToken }),
    practitioners: await api('/practitioners', { token: accessToken }),
  });
}
/** The seed's scenarios run on authorizations without limits; the limits scenario books against the limited ones. */
const limited = a => a.limits.perDay != null || a.limits.perWeek != null || a.limits.perMonth != null;
for (const organization of organizations) {
  organization.limited = organization.authorizations.filter(limited);
  organization.authorizations = organization.authorizations.filter(a => !limited(a));
}
const orgA = organizations[0];
const targets = organizations.flatMap(o => o.authorizations.map(a => ({ token: o.token, id: a.id })));

const maxUnits = 100000;
const round = ms => Math.round(ms * 10) / 10;

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function latency(latencies) {
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? 0) };
}

/** Counts by key added up: answers by status, or the counters of every node. */
function sum(counts) {
  const total = {};
  for (const count of counts) for (const [key, value] of Object.entries(count)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** n split over the nodes as evenly as possible: 50 over 3 nodes is 17, 17 and 16. */
const share = n => bases.map((_, i) => Math.floor(n / bases.length) + (i < n % bases.length ? 1 : 0));

/** One autocannon instance against one node, recording every answer's status and latency (autocannon's summary has no p95). */
function cannon(url, options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const timeline = [];
    const instance = autocannon({ url, duration: seconds, ...options }, (error, result) =>
      (error ? reject(error) : resolve({ url, latencies, statuses, timeline, result })));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
      timeline.push([Date.now(), statusCode, responseTime]);
    });
  });
}

/**
 * Runs a scenario against every node at once, its connections split between them (a paced scenario's rate too, each
 * node keeping at least one connection), and records the totals and each node's own figures.
 */
async function run(name, options) {
  const memory = [appMemory()];
  const sampler = interval ? setInterval(() => memory.push(appMemory()), interval * 1000) : null;
  const connections = share(options.connections).map(c => Math.max(1, c));
  const rates = options.overallRate ? share(options.overallRate) : null;
  const duration = options.duration ?? seconds;
  const runs = await Promise.all(bases.map((url, i) => cannon(url, { ...options, connections: connections[i], ...(rates && { overallRate: rates[i] }) })))
    .finally(() => clearInterval(sampler));
  memory.push(appMemory());
  const latencies = runs.flatMap(r => r.latencies);
  return {
    name,
    requests: latencies.length,
    statuses: sum(runs.map(r => r.statuses)),
    seconds: duration,
    throughput: latencies.length / (Math.max(...runs.map(r => r.result.duration)) || duration),
    ...latency(latencies),
    errors: runs.reduce((total, r) => total + r.result.errors, 0), timeouts: runs.reduce((total, r) => total + r.result.timeouts, 0),
    timeline: runs.flatMap(r => r.timeline).sort((a, b) => a[0] - b[0]), memory, connections: connections.reduce((a, b) => a + b),
    nodes: runs.map((r, i) => ({
      base: r.url, connections: connections[i], requests: r.latencies.length, statuses: r.statuses,
      throughput: r.latencies.length / (r.result.duration || duration), ...latency(r.latencies),
    })),
  };
}

const post = (token, path, body) => ({
  method: 'POST', path: '/api/v1' + path,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});

/** A new authorization of orgA's first patient, so a scenario starts from a known balance on any database. */
function openAuthorization(prefix, totalUnits) {
  const today = new Date().toISOString().slice(0, 10);
  return api('/authorizations', {
    token: orgA.token,
    body: { patientId: orgA.patients[0].id, serviceCode: '97153', authNumber: `${prefix}-${Date.now()}`, startDate: today, endDate: today, totalUnits },
  });
}

/**
 * The pgbench baseline runs with ample units on every row; the app gets the same before the spread and booking
 * scenarios, through the admin API (an Adjust entry in each ledger), so its 2xx rate is not capped by the demo data's
 * small totals.
 */
let toppedUp = false;
async function headroom() {
  if (toppedUp) return;
  for (const organization of organizations) {
    for (const authorization of [...organization.authorizations, ...organization.limited]) {
      const now = await api(`/authorizations/${authorization.id}`, { token: organization.token });
      if (now.totalUnits < maxUnits) {
        await api(`/authorizations/${authorization.id}/adjust`, { token: organization.token, body: { totalUnits: maxUnits, reason: 'Load run: the same headroom as the pgbench baseline' } });
      }
    }
  }
  toppedUp = true;
}

/**
 * Each organization's bookable slots, handed out once each (across scenarios, connections and nodes) until they run
 * out: from tomorrow to the last day all its 97153 authorizations cover (their startDate and endDate), quarter-hour
 * sessions from 12:00 to 22:00 UTC (daytime in the organizations' American time zones, so a session never crosses a
 * local midnight; quarter hours rather than the half hours of 13:00 to 22:00 give 2.2 times the slots, so a scenario
 * at today's booking rate no longer runs out of them within 15 s). At any one time each practitioner sees another patient (no more practitioners take part than there are patients), and
 * consecutive slots fall on different days and practitioners, so a refusal names a rule the app enforces and not a
 * clash the harness made. Only when they run out do slots repeat (refused as practitioner-double-booked). With
 * evening, they are half hours from 22:00 to 04:00 UTC instead (the American evening, still before local midnight),
 * so they never meet the others, and each day is filled before the next, so a week's limit is reached early. With
 * night, they are half hours from 05:00 to 12:00 UTC (the American night, so no session crosses a local midnight),
 * which no scenario books: the warm-up's, so a session it booked and had no time to cancel never meets a scenario's.
 */
function bookingSlots(organization, authorizations, { evening = false, night = false } = {}) {
  const treatments = authorizations.filter(a => a.serviceCode === '97153');
  // Never more practitioners at once than patients, so no patient is booked twice at one time.
  const practitioners = organization.practitioners.filter(p => p.credential === 'RBT' || p.credential === 'BCBA').slice(0, treatments.length);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const first = Date.parse([tomorrow, ...treatments.map(t => t.startDate)].sort().at(-1));
  const last = Date.parse(treatments.map(t => t.endDate).sort()[0]);
  const slots = [];
  const minutes = evening || night ? 30 : 15;
  const slot = (day, d, step) => {
    for (const [i, practitioner] of practitioners.entries()) {
      const treatment = treatments[(i + d + step) % treatments.length];
      const start = new Date(day + ((evening ? 22 : night ? 5 : 12) * 60 + minutes * step) * 60_000);
      slots.push({ token: organization.token, body: { patientId: treatment.patientId, practitionerId: practitioner.id, authorizationId: treatment.id, start, end: new Date(start.getTime() + minutes * 60_000) } });
    }
  };
  for (let step = 0; step < (night ? 14 : 40) && !evening; step++) {
    for (let day = first, d = 0; day <= last; day += 86_400_000, d++) slot(day, d, step);
  }
  // The evening's sessions start the day before the last one, so none falls after a local date the authorizations cover.
  for (let day = first, d = 0; day < last && evening; day += 86_400_000, d++) {
    for (let step = 0; step < 12; step++) slot(day, d, step);
  }
  let next = 0;
  return () => slots[next++ % slots.length];
}
const slots = new Map(organizations.map(o => [o, bookingSlots(o, o.authorizations)]));
const limitedSlots = new Map(organizations.filter(o => o.limited.some(a => a.serviceCode === '97153')).map(o => [o, bookingSlots(o, o.limited, { evening: true })]));

/** The rule a problem-details body names, or null when it is none (or not JSON). */
function problemCode(body) {
  try {
    return JSON.parse(body).code ?? null;
  } catch {
    return null;
  }
}

/**
 * The answers of the booking scenarios: every refusal must be a 409 naming its rule (the problem's `code`), so 409s are
 * counted by rule, and a 409 without one or any other 4xx (a harness or an app bug) fails the run.
 */
function bookingAnswers() {
  const tally = { bookings: 0, booked: 0, rules: {}, unnamed: 0, unexpected: {} };
  const count = (counts, key) => { counts[key] = (counts[key] ?? 0) + 1; };
  const record = (status, body) => {
    if (status < 400 || status >= 500) return;
    const code = problemCode(body);
    if (status === 409 && code) count(tally.rules, code);
    else if (status === 409) tally.unnamed++;
    else count(tally.unexpected, `${status} ${code ?? 'without a code'}`);
  };
  const onBooking = (status, body) => {
    tally.bookings++;
    if (status === 201) tally.booked++;
    record(status, body);
  };
  return { tally, onBooking, onOther: record };
}

const scenarios = {
  // Seed scenario 1: 50 arrivals a second, each reserving 10 units of one 50-unit authorization. autocannon paces
  // each connection per second from the second's start, so 50 connections at 1/s would arrive as one burst of 50;
  // one connection at 50/s sends them back to back, as the seed's evenly spaced arrivals are when an answer takes
  // well under the 20 ms between them.
  contention: async () => {
    const target = await openAuthorization('CONTENTION', 50);
    const result = await run('contention', {
      duration: contentionSeconds, connections: 1, overallRate: 50, requests: [post(orgA.token, `/authorizations/${target.id}/reserve`, { units: 10 })],
    });
    const after = await api(`/authorizations/${target.id}`, { token: orgA.token });
    return { ...result, note: `${after.scheduledUnits / 10} reservations of 10 succeeded on a 50-unit authorization` };
  },
  // Seed scenario 2: 200 connections reserving one unit at a time across all 55 authorizations.
  throughput: async () => {
    await headroom();
    let next = 0;
    return run('throughput', {
      connections: 200,
      requests: [{ setupRequest: request => { const t = targets[next++ % targets.length]; return { ...request, ...post(t.token, `/authorizations/${t.id}/reserve`, { units: 1 }) }; } }],
    });
  },
  // Not in the default campaign: 200 connections reading balances, one pooled connection per request (the fault run
  // with a deliberately small pool uses it, since the batched writes need only one connection per organization).
  reads: async () => {
    let next = 0;
    const result = await run('reads', {
      connections: 200,
      requests: [{ setupRequest: request => { const t = targets[next++ % targets.length]; return { ...request, method: 'GET', path: `/api/v1/authorizations/${t.id}`, headers: { authorization: `Bearer ${t.token}` } }; } }],
    });
    return { ...result, readOnly: true };
  },
  // Seed scenario 3: 70 % reserve, 20 % release, 10 % consume across the authorizations.
  mixed: async () => {
    await headroom();
    let next = 0;
    return run('mixed', {
      connections: 50,
      requests: [{
        setupRequest: request => {
          const n = next++;
          const t = targets[(n * 7) % targets.length];
          const roll = n % 10;
          const operation = roll < 7 ? 'reserve' : roll < 9 ? 'release' : 'consume';
          return { ...request, ...post(t.token, `/authorizations/${t.id}/${operation}`, { units: 1 }) };
        },
      }],
    });
  },
  // One authorization, 50 connections each reserving one unit and then releasing it, over and over: every answer is
  // a change to the same row, and the balance never runs out however fast the app goes (100,000 units, the most an
  // authorization may approve, would last well under 30 s of reserves alone).
  hot: async () => {
    const hot = await openAuthorization('HOT', 100000);
    return run('hot', {
      connections: 50,
      requests: [post(orgA.token, `/authorizations/${hot.id}/reserve`, { units: 1 }), post(orgA.token, `/authorizations/${hot.id}/release`, { units: 1 })],
    });
  },
  // Concurrent quarter-hour bookings of every organization in turn, each request its own slot.
  booking: async () => {
    await headroom();
    const { tally, onBooking } = bookingAnswers();
    let next = 0;
    const result = await run('booking', {
      connections: 50,
      requests: [{
        setupRequest: request => { const s = slots.get(organizations[next++ % organizations.length])(); return { ...request, ...post(s.token, '/appointments', s.body) }; },
        onResponse: onBooking,
      }],
    });
    return { ...result, refusals: tally };
  },
  // One organization booking, cancelling and reserving at once: each connection books a fresh slot of orgA, cancels
  // that session when it was booked (a reserve instead when it was refused), then reserves one unit of one of orgA's
  // authorizations, so sessions and plain unit changes queue in the same organization's lane.
  'mixed-booking': async () => {
    await headroom();
    const { tally, onBooking, onOther } = bookingAnswers();
    const nextSlot = slots.get(orgA);
    let next = 0;
    const reserve = request => { const a = orgA.authorizations[next++ % orgA.authorizations.length]; return { ...request, ...post(orgA.token, `/authorizations/${a.id}/reserve`, { units: 1 }) }; };
    const result = await run('mixed-booking', {
      connections: 50,
      requests: [
        {
          setupRequest: request => ({ ...request, ...post(orgA.token, '/appointments', nextSlot().body) }),
          onResponse: (status, body, context) => { onBooking(status, body); context.booked = status === 201 ? JSON.parse(body).id : null; },
        },
        {
          setupRequest: (request, context) => (context.booked ? { ...request, ...post(orgA.token, `/appointments/${context.booked}/cancel`, { reason: 'Load run: booked, then cancelled' }) } : reserve(request)),
          onResponse: onOther,
        },
        { setupRequest: reserve, onResponse: onOther },
      ],
    });
    return { ...result, refusals: tally };
  },
  // Bookings of every organization in turn against its limited 97153 authorizations (32 units a day, 160 a week), in
  // the evening's half hours: once a week is full, each booking of it is refused with 409 limit-exceeded.
  limits: async () => {
    await headroom();
    const { tally, onBooking } = bookingAnswers();
    const booking = [...limitedSlots.keys()];
    let next = 0;
    const result = await run('limits', {
      connections: 50,
      requests: [{
        setupRequest: request => { const s = limitedSlots.get(booking[next++ % booking.length])(); return { ...request, ...post(s.token, '/appointments', s.body) }; },
        onResponse: onBooking,
      }],
    });
    return { ...result, refusals: tally };
  },
};

async function integrity() {
  const violations = [];
  for (const organization of organizations) {
    violations.push(...(await api('/integrity', { token: organization.token })).violations);
  }
  return violations;
}

/**
 * With --fault-command, runs that command (a database restart) --fault-after seconds into each scenario: the app
 * must answer 503 problem details, never another 5xx, while the database is away, and serve again within 5 s of
 * its return.
 */
function injectFault() {
  if (!args['fault-command']) return null;
  const fault = { start: 0, end: 0 };
  // Settles when the command has finished, so nothing is checked while the database is still away.
  fault.over = new Promise(resolve => setTimeout(() => {
    fault.start = Date.now();
    const child = spawn('bash', ['-c', args['fault-command']], { stdio: 'ignore' });
    child.on('exit', () => { fault.end = Date.now(); resolve(); });
  }, Number(args['fault-after'] ?? 5) * 1000));
  return fault;
}

function recovery(result, fault) {
  const firstServed = result.timeline.find(([at, status]) => at > fault.end && status < 500);
  return firstServed ? (firstServed[0] - fault.end) / 1000 : Infinity;
}

/** Answers and latency per window of the run (--interval seconds), to show whether latency grows over time. */
function windows(result) {
  if (!interval || result.timeline.length === 0) return [];
  const start = result.timeline[0][0];
  const buckets = [];
  for (const [at, , latency] of result.timeline) {
    // Answers to requests still in flight when the run ended would make a short last window of their own.
    const window = Math.min(Math.floor((at - start) / 1000 / interval), Math.ceil(result.seconds / interval) - 1);
    (buckets[window] ??= []).push(latency);
  }
  return Array.from(buckets, (latencies = [], i) => {
    latencies.sort((a, b) => a - b);
    const rss = result.memory[i + 1];
    return `| ${i * interval}-${(i + 1) * interval} s | ${latencies.length} | ${round(percentile(latencies, 50))} | ${round(percentile(latencies, 95))} | ` +
      `${round(percentile(latencies, 99))} | ${round(latencies.at(-1) ?? 0)} | ${rss ?? '-'} |`;
  });
}

/** A node's own counters from /metrics, summed over their labels: retries, give-ups and the batches of unit changes. */
async function counters(url) {
  const text = await (await fetch(url + '/metrics')).text();
  const total = prefix => text.split('\n').filter(line => line.startsWith(prefix) && /^[a-z_]+(\{|\s)/.test(line))
    .reduce((total, line) => total + Number(line.trim().split(/\s+/).at(-1)), 0);
  return {
    retries: total('omnirapeutic_transaction_retries'),
    giveUps: total('omnirapeutic_transaction_give_ups'),
    batches: total('omnirapeutic_ledger_batch_size_count'),
    changes: total('omnirapeutic_ledger_batch_size_sum'),
    batchSeconds: total('omnirapeutic_ledger_batch_duration_seconds_sum'),
  };
}

/**
 * --warmup N: N seconds of reserve-then-release pairs over every authorization and book-then-cancel pairs of every
 * organization, on every node, before anything is measured, so the figures are those of a running server and not of
 * its JIT warm-up (a fresh process runs slower for about 20 s while tiered compilation and dynamic PGO settle, and
 * the booking path is code of its own: measured with a reserve-only warm-up, the JIT compiled about 870 methods in
 * every 5 s of the first minute of bookings). Every pair leaves the balances and the calendars as they were; the
 * bookings take the night's half hours, which no scenario books.
 */
async function warmUp(warmupSeconds) {
  let next = 0;
  const warmupSlots = new Map(organizations.map(o => [o, bookingSlots(o, o.authorizations, { night: true })]));
  await run('warm-up', {
    duration: warmupSeconds, connections: 50,
    requests: [
      { setupRequest: (request, context) => { context.target = targets[next++ % targets.length]; return { ...request, ...post(context.target.token, `/authorizations/${context.target.id}/reserve`, { units: 1 }) }; } },
      { setupRequest: (request, context) => ({ ...request, ...post(context.target.token, `/authorizations/${context.target.id}/release`, { units: 1 }) }) },
      {
        setupRequest: (request, context) => { context.slot = warmupSlots.get(organizations[next % organizations.length])(); return { ...request, ...post(context.slot.token, '/appointments', context.slot.body) }; },
        onResponse: (status, body, context) => { context.booked = status === 201 ? JSON.parse(body).id : null; },
      },
      {
        setupRequest: (request, context) => (context.booked
          ? { ...request, ...post(context.slot.token, `/appointments/${context.booked}/cancel`, { reason: 'Load run: warm-up' }) }
          : { ...request, method: 'GET', path: '/api/v1/authorizations/' + context.slot.body.authorizationId, headers: { authorization: `Bearer ${context.slot.token}` }, body: undefined }),
      },
    ],
  });
}

const warmupSeconds = Number(args.warmup ?? 0);
if (warmupSeconds > 0) {
  await headroom();
  await warmUp(warmupSeconds);
}

/**
 * --ledger-command prints how many Reserve, Release and Consume ledger entries the database holds. Every 2xx answer of
 * the scenarios is one such entry; a scenario's new entries may exceed its 2xx answers only by the requests still in
 * flight when it stopped and the 503s whose outcome was unknown, never fall short of them.
 */
function ledgerRows() {
  return args['ledger-command'] ? Number(execSync(args['ledger-command'], { encoding: 'utf8' }).trim()) : null;
}

/** The count once requests still in flight when the load stopped have been answered. */
async function settledLedgerRows() {
  let last = ledgerRows();
  for (let attempt = 0; attempt < 50; attempt++) {
    await delay(100);
    const now = ledgerRows();
    if (now === last) return now;
    last = now;
  }
  return last;
}

const results = [];
let failed = false;
for (const name of wanted) {
  const fault = injectFault();
  const before = await Promise.all(bases.map(counters));
  // Settled, so the last answers of the warm-up or of the scenario before are not counted as this one's.
  const rowsBefore = await settledLedgerRows();
  const result = await scenarios[name]();
  const after = await Promise.all(bases.map(counters));
  const change = after.map((counts, i) => Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, value - before[i][key]])));
  change.forEach((counts, i) => Object.assign(result.nodes[i], { retries: counts.retries, giveUps: counts.giveUps, batches: counts.batches }));
  const app = sum(change);
  result.retries = app.retries;
  result.giveUps = app.giveUps;
  result.app = `${app.retries} transaction retries, ${app.giveUps} give-ups` +
    (app.batches > 0 ? `; ${app.batches} ledger batches of ${(app.changes / app.batches).toFixed(1)} changes and ${(1000 * app.batchSeconds / app.batches).toFixed(1)} ms on average` : '');
  if (result.refusals) {
    const { bookings, booked, rules, unnamed, unexpected } = result.refusals;
    const byRule = Object.entries(rules).sort(([, a], [, b]) => b - a).map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none';
    result.note = `${booked} of ${bookings} bookings (${bookings ? Math.round((100 * booked) / bookings) : 0} %) were 201; 409 by rule: ${byRule}` +
      (unnamed ? `; ${unnamed} 409s named no rule` : '') +
      (Object.keys(unexpected).length ? `; other 4xx: ${Object.entries(unexpected).map(([answer, count]) => `${answer} ${count}`).join(', ')}` : '');
    failed ||= unnamed > 0 || Object.keys(unexpected).length > 0;
  }
  if (fault) {
    await fault.over;
    result.recoverySeconds = recovery(result, fault);
    result.note = `the fault lasted ${((fault.end - fault.start) / 1000).toFixed(1)} s; ${result.statuses[503] ?? 0} answers were 503; ` +
      `first answer below 500 came ${result.recoverySeconds.toFixed(2)} s after it was back`;
    failed ||= result.recoverySeconds > 5;
  }
  result.violations = (await integrity()).length;
  if (rowsBefore !== null && !result.readOnly) {
    const rows = (await settledLedgerRows()) - rowsBefore;
    const answered = (result.statuses[200] ?? 0) + (result.statuses[201] ?? 0);
    const unaccounted = rows - answered;
    result.ledger = `${rows} new ledger entries for ${answered} 2xx answers`;
    if (unaccounted < 0 || unaccounted > result.connections + (result.statuses[503] ?? 0)) {
      result.ledger += ' (a mismatch no request in flight or unknown outcome explains)';
      result.violations += 1;
    }
  }
  const allowed = fault || args.allow === '503' ? [503] : [];
  if (args.slowest && result.max > Number(args.slowest)) {
    result.note = `${result.note ? `${result.note}; ` : ''}the slowest answer took ${result.max} ms, over the ${args.slowest} ms allowed`;
    failed = true;
  }
  const fiveHundreds = Object.entries(result.statuses).filter(([status]) => Number(status) >= 500 && !allowed.includes(Number(status)))
    .reduce((sum, [, count]) => sum + count, 0);
  failed ||= fiveHundreds > 0 || result.violations > 0 || result.errors > 0;
  results.push(result);
  console.log(`${name}: ${result.requests} requests, ${JSON.stringify(result.statuses)}, ${result.throughput.toFixed(0)}/s, ` +
    `p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, max ${result.max} ms, integrity violations ${result.violations}`);
}

const rows = results.map(r => `| ${r.name} | ${r.requests} | ${Object.entries(r.statuses).map(([s, c]) => `${s}: ${c}`).join(', ')} | ${r.throughput.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.violations === 0 ? 'pass' : `${r.violations} violations`} |`);
const baseline = Object.entries(extra).filter(([name]) => results.some(r => r.name === name)).map(([name, tps]) => {
  const app = results.find(r => r.name === name);
  const granted = app ? (app.statuses[200] ?? 0) / app.seconds : 0;
  return `| ${name} | ${tps.toFixed(0)} | ${granted.toFixed(0)} | ${app ? (granted / tps).toFixed(2) : '-'} |`;
});
const report = [
  `# Load run ${new Date().toISOString()}`,
  '',
  `Target ${bases.length > 1 ? `${bases.length} nodes on one database (${bases.join(', ')})` : base}, ${seconds} s per scenario (contention ${contentionSeconds} s), autocannon 9.0.0; the app, PostgreSQL and the load tool share this machine.`,
  ...(warmupSeconds > 0 ? ['', `Before measuring, ${warmupSeconds} s of reserve-then-release pairs over every authorization and book-then-cancel pairs of every organization warmed the app up (JIT tiering and dynamic PGO; ${Math.round(warmupSeconds / bases.length)} s per node, as the warm-up is spread over them).`] : []),
  ...(toppedUp ? ['', `Before the spread and booking scenarios every authorization was adjusted to ${maxUnits.toLocaleString('en-US')} units, the headroom the pgbench baseline has.`] : []),
  '',
  '| scenario | requests | answers | req/s | p50 ms | p95 ms | p99 ms | max ms | integrity |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  ...(baseline.length ? ['', '| baseline (pgbench, SERIALIZABLE, --max-tries=10) | database tps | app 200/s | app ÷ database |', '|---|---|---|---|', ...baseline] : []),
  ...results.filter(r => r.note).map(r => `\n${r.name}: ${r.note}.`),
  ...results.map(r => `\n${r.name}, the app's counters: ${r.app}${r.ledger ? `; ${r.ledger}` : ''}.`),
  ...results.filter(() => bases.length > 1).flatMap(r => [
    '', `${r.name}, per node:`, '', '| node | req/s | answers | p99 ms | retries | give-ups |', '|---|---|---|---|---|---|',
    ...r.nodes.map(n => `| ${n.base} | ${n.throughput.toFixed(0)} | ${Object.entries(n.statuses).map(([s, c]) => `${s}: ${c}`).join(', ')} | ${n.p99} | ${n.retries} | ${n.giveUps} |`),
  ]),
  ...results.filter(r => r.memory[0] !== null).map(r => `\n${r.name}: ${bases.length > 1 ? 'the nodes\' resident memory together' : 'app resident memory'} ${r.memory[0]} MB at the start, ${r.memory.at(-1)} MB at the end.`),
  ...results.filter(() => interval).flatMap(r => [
    '', `${r.name}, every ${interval} s:`, '', '| window | answers | p50 ms | p95 ms | p99 ms | max ms | app RSS MB at its end |', '|---|---|---|---|---|---|---|', ...windows(r),
  ]),
  '',
].join('\n');
if (args.report) {
  mkdirSync(dirname(args.report), { recursive: true });
  writeFileSync(args.report, report);
  // The same figures for load/medians.mjs, which summarises repeated runs.
  writeFileSync(args.report.replace(/\.md$/, '.json'), JSON.stringify(results.map(r => ({
    name: r.name, requests: r.requests, statuses: r.statuses, throughput: r.throughput, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max,
    violations: r.violations, granted: ((r.statuses[200] ?? 0) + (r.statuses[201] ?? 0)) / r.seconds, baseline: extra[r.name] ?? null,
    retries: r.retries, giveUps: r.giveUps, nodes: r.nodes, ...(r.refusals && { refusals: r.refusals }),
  })), null, 2));
}

console.log(report);
process.exit(failed ? 1 : 0);
