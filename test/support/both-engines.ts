// Runs one corpus playbook with runbook's command line and with ansible-playbook
// (ansible-core 2.14, installed on this machine) on the same lab hosts, each from
// a clean directory, and returns what each left: the recap, how the run ended,
// and the files it wrote under /tmp/corpus/<name>/ on every host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onHost } from './host-shell.js';
import { exitMasters } from './ssh-mux.js';
import { runbook } from '../cli/support.js';
import { lab } from '../lab/shared.js';

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
export const haveAnsible = (): boolean => existsSync(ANSIBLE_PLAYBOOK);

/** The recap's counts, as both engines name them. */
export interface Counts {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
  unreachable: number;
}

export interface EngineOutcome {
  /** 'ok' (exit 0), 'failed' (a host failed: exit 2) or 'aborted' (an error ended the run before its recap). */
  ended: 'ok' | 'failed' | 'aborted' | string;
  /** Per host; empty when the run was aborted. */
  recap: Record<string, Counts>;
  /** Per host: each file under the case's directory, with its content. */
  files: Record<string, Record<string, string>>;
  /** The warnings the run said, in order: runbook's warning events, ansible-playbook's [WARNING] lines unwrapped. */
  warnings: string[];
  /** What the engine printed, for assertion messages. */
  output: string;
}

export interface CaseRun {
  hosts: string[];
  /** More command-line arguments, the same for both engines (--tags x, --check). */
  args?: string[];
}

const dirOf = (name: string) => `/tmp/corpus/${name}`;

function clean(name: string, hosts: string[]): void {
  for (const h of hosts) onHost(h, `rm -rf ${dirOf(name)}`);
}

/**
 * Every file under the case's directory on each host, with its content: one ssh
 * per host (a file's name, then its content in base64), not one per file.
 */
function filesOn(name: string, hosts: string[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const list = `cd ${dirOf(name)} 2>/dev/null && find . -type f | sort | while IFS= read -r f; do printf '%s\\n' "$f"; base64 -w0 "$f"; echo; done || true`;
  for (const h of hosts) {
    const lines = onHost(h, list).split('\n');
    const files: Record<string, string> = {};
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const [path = '', content = ''] = lines.slice(i, i + 2);
      files[path.slice(2)] = Buffer.from(content, 'base64').toString('utf8');
    }
    out[h] = files;
  }
  return out;
}

function ended(code: number | null, hasRecap: boolean): string {
  if (code === 0) return 'ok';
  if (code === 2 && hasRecap) return 'failed';
  if (!hasRecap) return 'aborted';
  return `exit ${code}`;
}

/** runbook apply through its command line, with the run's events in a JSON lines file. */
export function withRunbook(playbook: string, name: string, c: CaseRun): EngineOutcome {
  clean(name, c.hosts);
  const json = join(mkdtempSync(join(tmpdir(), 'runbook-both-')), 'events.jsonl');
  const r = runbook([
    'apply',
    playbook,
    '-i',
    lab().inventoryFile,
    '-l',
    c.hosts.join(','),
    '--plain',
    '--json',
    json,
    ...(c.args ?? []),
  ]);
  const events = existsSync(json)
    ? readFileSync(json, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { kind: string; recap?: Record<string, Counts>; msg?: string })
    : [];
  const recap = events.find((e) => e.kind === 'run-end')?.recap ?? {};
  const counts = Object.fromEntries(Object.entries(recap).map(([h, x]) => [h, pick(x)]));
  const hasRecap = Object.keys(counts).length > 0 && r.code !== 1;
  return {
    ended: ended(r.code, hasRecap),
    recap: hasRecap ? counts : {},
    files: filesOn(name, c.hosts),
    warnings: events.flatMap((e) => (e.kind === 'warning' ? [e.msg ?? ''] : [])),
    output: r.stdout + r.stderr,
  };
}

/**
 * ansible-playbook with its json callback, on the same inventory; no fact gathering.
 * Its ssh connections are shared per host as ansible-core's own defaults share them
 * (ControlMaster auto, ControlPersist 60s): half the wall time of a fresh ssh per
 * task. The masters are told to exit once the run ends, so none is left behind.
 */
export function withAnsible(playbook: string, name: string, c: CaseRun): EngineOutcome {
  clean(name, c.hosts);
  const home = mkdtempSync(join(tmpdir(), 'runbook-ansible-'));
  const l = lab();
  const env = {
    ...process.env,
    ANSIBLE_HOME: home,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_DEPRECATION_WARNINGS: 'false',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_PIPELINING: 'true',
    ANSIBLE_SSH_ARGS:
      `-o ControlMaster=auto -o ControlPersist=60s -o ControlPath=${home}/cp-%C -o ` +
      `UserKnownHostsFile=${l.knownHostsFile} -o StrictHostKeyChecking=yes`,
  };
  const r = spawnSync(ANSIBLE_PLAYBOOK, ['-i', l.inventoryFile, '-l', c.hosts.join(','), playbook, ...(c.args ?? [])], {
    encoding: 'utf8',
    env,
    timeout: 300_000,
  });
  stopMasters(home);
  let stats: Record<string, Record<string, number>> = {};
  try {
    // From the document's first line: the pause action prints its own lines on stdout before it.
    stats = (JSON.parse(r.stdout.slice(Math.max(0, r.stdout.search(/^\{$/m)))) as { stats: typeof stats }).stats;
  } catch {
    // An error that ends the run (exit 4) prints no JSON.
  }
  const recap = Object.fromEntries(Object.entries(stats).map(([h, s]) => [h, pick({ ...s, failed: s.failures ?? 0 })]));
  const hasRecap = Object.keys(recap).length > 0;
  return {
    ended: ended(r.status, hasRecap),
    recap,
    files: filesOn(name, c.hosts),
    warnings: warningsIn(r.stderr),
    output: r.stdout + r.stderr,
  };
}

/** ansible-playbook's warnings on stderr: "[WARNING]: " then the text, wrapped at 79 columns (joined back here). */
function warningsIn(stderr: string): string[] {
  const out: string[] = [];
  let current: string[] | undefined;
  for (const line of stderr.split('\n')) {
    if (line.startsWith('[WARNING]: ')) {
      current = [line.slice('[WARNING]: '.length)];
      out.push('');
    } else if (current && line.trim() !== '' && !/^\[[A-Z]+\]|^ERROR!/.test(line)) current.push(line.trim());
    else current = undefined;
    if (current) out[out.length - 1] = current.join(' ');
  }
  return out;
}

/** Ends the ssh masters ansible-playbook left in `home` (their sockets are cp-*). */
function stopMasters(home: string): void {
  exitMasters(
    readdirSync(home)
      .filter((f) => f.startsWith('cp-'))
      .map((f) => join(home, f)),
  );
}

function pick(x: object): Counts {
  const n = (k: string) => Number((x as Record<string, unknown>)[k] ?? 0);
  return {
    ok: n('ok'),
    changed: n('changed'),
    failed: n('failed'),
    skipped: n('skipped'),
    rescued: n('rescued'),
    ignored: n('ignored'),
    unreachable: n('unreachable'),
  };
}
