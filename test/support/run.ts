// Runs a playbook (given as YAML text) through the real engine against the lab,
// over the real SSH transport, recording every event.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunEvent, Recap, TaskResult } from '../../src/engine/events.js';
import type { HostConnector } from '../../src/engine/connections.js';
import { runPlaybook } from '../../src/engine/run-playbook.js';
import { connectionVars } from '../../src/inventory/connection-vars.js';
import { sshConnector } from '../../src/cli/connector.js';
import { withExtraConnectionVars } from '../../src/cli/extra-vars.js';
import { moduleCatalog, modules } from '../../src/modules/registry.js';
import { loadInventory } from '../../src/parse/inventory.js';
import type { Vars } from '../../src/types/vars.js';
import { type Gathering, loadPlaybook } from '../../src/parse/playbook.js';
import type { Connection } from '../../src/transport/connection.js';
import { lab } from '../lab/shared.js';

export interface Recorded {
  events: RunEvent[];
  recap: Recap;
  results: TaskResult[];
  /** --start-at-task named a task that never came. */
  startAtMissed: boolean;
  /** Results of the task with this name, by host. */
  task(name: string): Map<string, TaskResult>;
}

/** Writes files (path → content) into a fresh project dir; returns its path. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export async function runYaml(
  playbookYaml: string,
  opts: RunOpts & { files?: Record<string, string> } = {},
): Promise<Recorded> {
  const dir = project({ 'playbook.yaml': playbookYaml, ...opts.files });
  return runFile(join(dir, 'playbook.yaml'), opts);
}

export interface RunOpts {
  check?: boolean;
  diff?: boolean;
  limit?: string[];
  /** Other inventory sources (files or directories, merged in order) instead of the lab's. */
  inventory?: string | string[];
  extraVars?: Record<string, unknown>;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  becomePassword?: string;
  /** Wraps each host's connection, e.g. to act when a module has made its first check. */
  wrapConnection?: (conn: Connection) => Connection;
  /** -b and --become-user. */
  become?: boolean;
  becomeUser?: string;
  /** Ansible's gathering: the suite's playbooks predate the implicit default, so explicit unless told. */
  gathering?: Gathering;
  /** The controller's environment lookup('env') reads (default: none). */
  controllerEnv?: Record<string, string>;
}

export async function runFile(file: string, opts: RunOpts = {}): Promise<Recorded> {
  const l = lab();
  // As `runbook apply` does: -e's connection and become variables win over the inventory's.
  const inventory = withExtraConnectionVars(
    loadInventory(opts.inventory ?? l.inventoryFile),
    (opts.extraVars ?? {}) as Vars,
    process.cwd(),
  );
  const playbook = loadPlaybook(file, moduleCatalog, undefined, { gathering: opts.gathering ?? 'explicit' });
  const events: RunEvent[] = [];
  const { recap, startAtMissed } = await runPlaybook(playbook, inventory, {
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    forks: 50,
    limit: opts.limit ? new Set(opts.limit) : undefined,
    extraVars: opts.extraVars as never,
    controllerEnv: opts.controllerEnv,
    tags: opts.tags,
    skipTags: opts.skipTags,
    startAtTask: opts.startAtTask,
    become: { become: opts.become ?? false, user: opts.becomeUser, password: opts.becomePassword },
    modules,
    emit: (e) => events.push(e),
    connect: wrapped(
      sshConnector({
        hostVars: new Map([...inventory.hosts.values()].map((h) => [h.name, connectionVars(h)])),
        sshConfig: { lookup: () => ({}) },
        home: homedir(),
        defaultKnownHosts: l.knownHostsFile,
        connectTimeoutS: 5,
      }),
      opts.wrapConnection,
    ),
  });
  const results = events.flatMap((e) => (e.kind === 'task-result' ? [e.result] : []));
  return {
    events,
    recap,
    results,
    startAtMissed,
    task(name) {
      const out = new Map<string, TaskResult>();
      for (const e of events) if (e.kind === 'task-result' && e.task === name) out.set(e.result.host, e.result);
      return out;
    },
  };
}

function wrapped(connect: HostConnector, wrap?: (conn: Connection) => Connection): HostConnector {
  return wrap ? async (host) => wrap(await connect(host)) : connect;
}

export const hostNames = (): string[] => lab().hosts.map((h) => h.name);
