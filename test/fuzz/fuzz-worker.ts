// Runs in a worker thread (see parse-fuzz.test.ts, which can then stop a case
// that hangs): mutates the repository's valid playbooks and inventory with
// fast-check and loads and validates each as `runbook validate` does. Passing
// means: it loads, or it throws a RunbookError that formats to one screen.
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { validate } from '../../src/cli/validate.js';
import { RunbookError, formatError } from '../../src/errors.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { describeMutation, mutate, mutationArb } from './mutate.js';

export interface FuzzJob {
  seed: number;
  numRuns: number;
}

export type FuzzMessage =
  | { kind: 'targets'; count: number }
  | { kind: 'case'; target: string; mutations: string }
  | { kind: 'done'; target: string; runs: number; slowestMs: number }
  | { kind: 'failed'; target: string; report: string };

const repo = join(import.meta.dirname, '..', '..', '..');
const post = (m: FuzzMessage): void => parentPort!.postMessage(m);

interface Target {
  /** The file mutated, relative to the repository. */
  file: string;
  load: 'playbook' | 'inventory';
  /** What is then loaded, when not the file itself (an imported task file goes through its playbook). */
  entry?: string;
}

/** What is mutated: the shipped playbooks, every corpus playbook and inventory, and the example and fixture inventories. */
function targets(): Target[] {
  const corpus = readdirSync(join(repo, 'test/ansible-corpus')).sort();
  return [
    { file: 'playbooks/containerd.yaml', load: 'playbook' },
    { file: 'playbooks/containerd/migrate-node.yaml', load: 'playbook', entry: 'playbooks/containerd.yaml' },
    { file: 'playbooks/demo.yaml', load: 'playbook' },
    { file: 'playbooks/docker-cleanup.yaml', load: 'playbook' },
    ...corpus.flatMap((name): Target[] => {
      const dir = `test/ansible-corpus/${name}`;
      const files = readdirSync(join(repo, dir));
      return [
        ...(files.includes('playbook.yaml') ? [{ file: `${dir}/playbook.yaml`, load: 'playbook' as const }] : []),
        ...files.filter((f) => f.endsWith('.ini')).map((f) => ({ file: `${dir}/${f}`, load: 'inventory' as const })),
      ];
    }),
    { file: 'inventory.example.yaml', load: 'inventory' },
    // INI inventories and group_vars, beyond the brief's list: the same loaders' other formats.
    { file: 'test/fixtures/inventory/kubespray/inventory.ini', load: 'inventory' },
    { file: 'test/fixtures/inventory/ini/everything.ini', load: 'inventory' },
    {
      file: 'test/fixtures/inventory/kubespray/group_vars/k8s_cluster/k8s-cluster.yml',
      load: 'inventory',
      entry: 'test/fixtures/inventory/kubespray/hosts.yaml',
    },
  ];
}

// A copy of the repository's inputs, so imports and templates resolve and the originals are never touched.
function copyInputs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-fuzz-'));
  for (const p of [
    'playbooks',
    'templates',
    'test/ansible-corpus',
    'test/fixtures/inventory',
    'inventory.example.yaml',
  ])
    cpSync(join(repo, p), join(dir, p), { recursive: true });
  return dir;
}

function check(dir: string, target: Target): void {
  const inventory = join(dir, 'inventory.example.yaml');
  try {
    if (target.load === 'inventory') loadInventory(join(dir, target.entry ?? target.file));
    else validate(join(dir, target.entry ?? target.file), { inventory: [inventory] }, () => undefined);
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    const shown = formatError(err);
    if (shown.split('\n').length > 25 || shown.length > 4000)
      throw new Error(`error message longer than one screen:\n${shown.slice(0, 2000)}`);
    if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(shown))
      throw new Error(`error message holds control characters: ${JSON.stringify(shown)}`);
  }
}

function run(job: FuzzJob): void {
  const dir = copyInputs();
  try {
    const all = targets();
    post({ kind: 'targets', count: all.length });
    for (const target of all) {
      const path = join(dir, target.file);
      const original = readFileSync(path);
      let runs = 0;
      let slowestMs = 0;
      const property = fc.property(
        fc.array(mutationArb(original.toString('utf8')), { minLength: 1, maxLength: 3 }),
        (mutations) => {
          post({ kind: 'case', target: target.file, mutations: mutations.map(describeMutation).join(' ') });
          writeFileSync(path, mutations.reduce(mutate, original));
          const start = Date.now();
          try {
            check(dir, target);
          } finally {
            writeFileSync(path, original);
            slowestMs = Math.max(slowestMs, Date.now() - start);
            runs++;
          }
        },
      );
      const result = fc.check(property, { seed: job.seed, numRuns: job.numRuns });
      if (result.failed) {
        const error =
          result.errorInstance instanceof Error
            ? (result.errorInstance.stack ?? result.errorInstance.message)
            : String(result.errorInstance);
        post({
          kind: 'failed',
          target: target.file,
          report: `${target.file}, seed ${job.seed}: ${fc.defaultReportMessage(result) ?? 'failed'}\nGot: ${error}`,
        });
        return;
      }
      post({ kind: 'done', target: target.file, runs, slowestMs });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run(workerData as FuzzJob);
