// The table `npm run bench` prints (and bench/README.md keeps): one column per host
// count; raw seconds of each tool, then the ratios, all measured in the same run.
import type { CompareRow } from './compare.js';

const s = (x: number): string => x.toFixed(2);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
const none = '–';

const METRICS: [string, (r: CompareRow) => string][] = [
  ['runbook, first run (s)', (r) => s(r.runbook.first.seconds)],
  ['runbook, re-run (s)', (r) => s(r.runbook.rerun.seconds)],
  ['ansible-playbook, first run (s)', (r) => (r.ansible ? s(r.ansible.first.seconds) : none)],
  ['ansible-playbook, re-run (s)', (r) => (r.ansible ? s(r.ansible.rerun.seconds) : none)],
  [
    '**ansible / runbook, first run**',
    (r) => (r.ansible ? ratio(r.ansible.first.seconds, r.runbook.first.seconds) : none),
  ],
  [
    '**ansible / runbook, re-run**',
    (r) => (r.ansible ? ratio(r.ansible.rerun.seconds, r.runbook.rerun.seconds) : none),
  ],
  ['floor, first run (s)', (r) => s(r.floor.first)],
  ['floor, re-run (s)', (r) => s(r.floor.rerun)],
  ['**runbook / floor, first run**', (r) => ratio(r.runbook.first.seconds, r.floor.first)],
  ['**runbook / floor, re-run**', (r) => ratio(r.runbook.rerun.seconds, r.floor.rerun)],
  ['round trips a host, first run (exec + file)', (r) => `${r.trips.first.execs} + ${r.trips.first.files}`],
  ['round trips a host, re-run (exec + file)', (r) => `${r.trips.rerun.execs} + ${r.trips.rerun.files}`],
  ['runbook peak RSS (MB)', (r) => Math.max(r.runbook.first.peakRssMb, r.runbook.rerun.peakRssMb).toFixed(0)],
  ['runbook CPU (s), first + re-run', (r) => `${s(r.runbook.first.cpuSeconds)} + ${s(r.runbook.rerun.cpuSeconds)}`],
  [
    'ansible peak RSS, all processes (MB)',
    (r) => (r.ansible ? Math.max(r.ansible.first.peakRssMb, r.ansible.rerun.peakRssMb).toFixed(0) : none),
  ],
  ['floor CPU (s), first + re-run', (r) => `${s(r.floor.cpuFirst)} + ${s(r.floor.cpuRerun)}`],
  [
    'ansible CPU (s), first + re-run',
    (r) => (r.ansible ? `${s(r.ansible.first.cpuSeconds)} + ${s(r.ansible.rerun.cpuSeconds)}` : none),
  ],
];

export function compareTable(rows: CompareRow[]): string {
  return markdown(
    ['', ...rows.map((r) => `${r.hosts} hosts`)],
    METRICS.map(([label, f]) => [label, ...rows.map(f)]),
  );
}

export function markdown(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
