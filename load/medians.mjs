// The median of each figure over repeated load runs: node load/medians.mjs load/reports/A.json load/reports/B.json ...
// Prints a Markdown table per scenario; load/run.sh writes one JSON file per run next to its report.
import { readFileSync } from 'node:fs';

const runs = process.argv.slice(2).map(path => JSON.parse(readFileSync(path, 'utf8')));
if (runs.length === 0) {
  console.error('usage: node load/medians.mjs <report.json>...');
  process.exit(2);
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = value => Math.round(value * 10) / 10;

const names = [...new Set(runs.flatMap(run => run.map(result => result.name)))];
const nodes = Math.max(...runs.flat().map(result => result.nodes.length));
const lines = [
  `Medians of ${runs.length} runs${nodes > 1 ? `, each on ${nodes} nodes` : ''} (each figure's median on its own).`,
  '',
  '| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | 2xx/s | database tps | app ÷ database | retries | give-ups | answers (every run) | integrity violations (worst run) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const name of names) {
  const results = runs.map(run => run.find(result => result.name === name)).filter(Boolean);
  const of = key => median(results.map(result => result[key]));
  const withBaseline = results.filter(result => result.baseline);
  const answers = [...new Set(results.flatMap(result => Object.keys(result.statuses)))].sort()
    .map(status => `${status}: ${results.map(result => result.statuses[status] ?? 0).join(' / ')}`).join('; ');
  lines.push(`| ${name} | ${of('throughput').toFixed(0)} | ${round(of('p50'))} | ${round(of('p95'))} | ${round(of('p99'))} | ${round(of('max'))} | ` +
    `${of('granted').toFixed(0)} | ${withBaseline.length ? median(withBaseline.map(r => r.baseline)).toFixed(0) : '-'} | ` +
    `${withBaseline.length ? median(withBaseline.map(r => r.granted / r.baseline)).toFixed(2) : '-'} | ${of('retries')} | ${of('giveUps')} | ${answers} | ${Math.max(...results.map(r => r.violations))} |`);
}
console.log(lines.join('\n'));
