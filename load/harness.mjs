// The seed report's load scenarios against a running app, driven by autocannon; prints and writes a Markdown report.
//   node load/harness.mjs --base http://127.0.0.1:5000 --seconds 30 --report load/reports/x.md [--scenarios contention,hot]
//     [--warmup <s>] [--pid <app pid> --interval 60] [--allow 503] [--slowest <ms>] [--fault-command <cmd> --fault-after <s>]
//     [--ledger-command <prints the count of Reserve, Release and Consume ledger entries>]
// Every scenario ends with the integrity check of every organization; the process exits 1 on any 5xx or violation.
import autocannon from 'autocannon';
import { execSync, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const base = args.base ?? 'http://127.0.0.1:5000';
const seconds = Number(args.seconds ?? 30);
const password = process.env.DEMO_PASSWORD ?? 'Omni-Demo-2026!';
const wanted = (args.scenarios ?? 'contention,throughput,mixed,hot,booking').split(',');
const extra = args.baseline ? JSON.parse(args.baseline) : {};
const interval = args.interval ? Number(args.interval) : 0;
// The seed's contention scenario runs 60 s (3,000 arrivals); --contention-seconds sets it, else --seconds.
const contentionSeconds = Number(args['contention-seconds'] ?? seconds);

/** The app's resident memory in MB (--pid), read from /proc. */
function appMemory() {
  if (!args.pid) return null;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${args.pid}/status`, 'utf8'));
  return rss ? Math.round(Number(rss[1]) / 1024) : null;
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
const orgA = organizations[0];
const targets = organizations.flatMap(o => o.authorizations.map(a => ({ token: o.token, id: a.id })));

const maxUnits = 100000;
const round = ms => Math.round(ms * 10) / 10;

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs autocannon and records every answer's status and latency (autocannon's own summary has no p95). */
function run(name, options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const timeline = [];
    const memory = [appMemory()];
    const sampler = interval ? setInterval(() => memory.push(appMemory()), interval * 1000) : null;
    const instance = autocannon({ url: base, duration: seconds, ...options }, (error, result) => {
      clearInterval(sampler);
      if (error) return reject(error);
      memory.push(appMemory());
      latencies.sort((a, b) => a - b);
      resolve({
        name,
        requests: latencies.length,
        statuses,
        seconds: options.duration ?? seconds,
        throughput: latencies.length / (result.duration || options.duration || seconds),
        p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? 0),
        errors: result.errors, timeouts: result.timeouts, timeline, memory, connections: options.connections,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
      timeline.push([Date.now(), statusCode, responseTime]);
    });
  });
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
 * The pgbench baseline runs with ample units on every row; the app gets the same before the spread scenarios, through
 * the admin API (an Adjust entry in each ledger), so its 200 rate is not capped by the demo data's small totals.
 */
let toppedUp = false;
async function headroom() {
  if (toppedUp) return;
  for (const organization of organizations) {
    for (const authorization of organization.authorizations) {
      const now = await api(`/authorizations/${authorization.id}`, { token: organization.token });
      if (now.totalUnits < maxUnits) {
        await api(`/authorizations/${authorization.id}/adjust`, { token: organization.token, body: { totalUnits: maxUnits, reason: 'Load run: the same headroom as the pgbench baseline' } });
      }
    }
  }
  toppedUp = true;
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
  // Concurrent bookings across practitioners and weeks, each request its own slot.
  booking: async () => {
    const slots = [];
    for (const organization of organizations) {
      const treatments = organization.authorizations.filter(a => a.serviceCode === '97153');
      const rbts = organization.practitioners.filter(p => p.credential === 'RBT' || p.credential === 'BCBA');
      for (let week = 1; week <= 40; week++) {
        for (let day = 0; day < 5; day++) {
          for (let hour = 8; hour < 17; hour++) {
            for (const [i, practitioner] of rbts.entries()) {
              const treatment = treatments[(i + day + week) % treatments.length];
              const start = new Date(Date.now() + (week * 7 + day) * 86_400_000);
              start.setUTCHours(hour + 5, 0, 0, 0);
              slots.push({ token: organization.token, body: { patientId: treatment.patientId, practitionerId: practitioner.id, authorizationId: treatment.id, start, end: new Date(start.getTime() + 3_600_000) } });
            }
          }
        }
      }
    }

    let next = 0;
    return run('booking', {
      connections: 50,
      requests: [{ setupRequest: request => { const s = slots[next++ % slots.length]; return { ...request, ...post(s.token, '/appointments', s.body) }; } }],
    });
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

/** The app's own counters from /metrics, summed over their labels: retries, give-ups and the batches of unit changes. */
async function counters() {
  const text = await (await fetch(base + '/metrics')).text();
  const sum = prefix => text.split('\n').filter(line => line.startsWith(prefix) && /^[a-z_]+(\{|\s)/.test(line))
    .reduce((total, line) => total + Number(line.trim().split(/\s+/).at(-1)), 0);
  return {
    retries: sum('omnirapeutic_transaction_retries'),
    giveUps: sum('omnirapeutic_transaction_give_ups'),
    batches: sum('omnirapeutic_ledger_batch_size_count'),
    changes: sum('omnirapeutic_ledger_batch_size_sum'),
    batchSeconds: sum('omnirapeutic_ledger_batch_duration_seconds_sum'),
  };
}

/**
 * --warmup N: N seconds of reserve-then-release pairs over every authorization before anything is measured, so the
 * figures are those of a running server and not of its JIT warm-up (a fresh process runs slower for about 20 s while
 * tiered compilation and dynamic PGO settle; the first scenario's per-interval table shows it without a warm-up).
 * Every pair leaves the balances as they were.
 */
async function warmUp(warmupSeconds) {
  let next = 0;
  await new Promise((resolve, reject) => autocannon({
    url: base, duration: warmupSeconds, connections: 50,
    requests: [
      { setupRequest: (request, context) => { context.target = targets[next++ % targets.length]; return { ...request, ...post(context.target.token, `/authorizations/${context.target.id}/reserve`, { units: 1 }) }; } },
      { setupRequest: (request, context) => ({ ...request, ...post(context.target.token, `/authorizations/${context.target.id}/release`, { units: 1 }) }) },
    ],
  }, error => (error ? reject(error) : resolve())));
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
  const before = await counters();
  const rowsBefore = ledgerRows();
  const result = await scenarios[name]();
  const after = await counters();
  const batches = after.batches - before.batches;
  result.app = `${after.retries - before.retries} transaction retries, ${after.giveUps - before.giveUps} give-ups` +
    (batches > 0 ? `; ${batches} ledger batches of ${((after.changes - before.changes) / batches).toFixed(1)} changes and ${(1000 * (after.batchSeconds - before.batchSeconds) / batches).toFixed(1)} ms on average` : '');
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
  `Target ${base}, ${seconds} s per scenario (contention ${contentionSeconds} s), autocannon 9.0.0; the app, PostgreSQL and the load tool share this machine.`,
  ...(warmupSeconds > 0 ? ['', `Before measuring, ${warmupSeconds} s of reserve-then-release pairs over every authorization warmed the app up (JIT tiering and dynamic PGO).`] : []),
  ...(toppedUp ? ['', `Before the spread scenarios every authorization was adjusted to ${maxUnits.toLocaleString('en-US')} units, the headroom the pgbench baseline has.`] : []),
  '',
  '| scenario | requests | answers | req/s | p50 ms | p95 ms | p99 ms | max ms | integrity |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  ...(baseline.length ? ['', '| baseline (pgbench, SERIALIZABLE, --max-tries=10) | database tps | app 200/s | app ÷ database |', '|---|---|---|---|', ...baseline] : []),
  ...results.filter(r => r.note).map(r => `\n${r.name}: ${r.note}.`),
  ...results.map(r => `\n${r.name}, the app's counters: ${r.app}${r.ledger ? `; ${r.ledger}` : ''}.`),
  ...results.filter(r => r.memory[0] !== null).map(r => `\n${r.name}: app resident memory ${r.memory[0]} MB at the start, ${r.memory.at(-1)} MB at the end.`),
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
  })), null, 2));
}

console.log(report);
process.exit(failed ? 1 : 0);
