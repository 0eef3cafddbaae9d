// runbook's engine driven inside the bench process, as `runbook apply` drives it
// (src/cli/apply.ts), with a hook on every connection: to count the remote round
// trips of a run (for the floor), and to see what a run leaves open (scale).
import { runPlaybook, type RunOutcome } from '../src/engine/run-playbook.js';
import type { RunEvent } from '../src/engine/events.js';
import type { HostConnector } from '../src/engine/connections.js';
import type { Connection } from '../src/transport/connection.js';
import { cliConnector } from '../src/cli/connector.js';
import { moduleCatalog, modules } from '../src/modules/registry.js';
import { loadInventory } from '../src/parse/inventory.js';
import { loadPlaybook } from '../src/parse/playbook.js';

export interface InProcessRun {
  outcome: RunOutcome;
  /** Per task (in the order they started), per host: execs and file operations. */
  trips: { task: string; perHost: Map<string, { execs: number; files: number }> }[];
}

const FILE_OPS = new Set(['stat', 'lstat', 'readFile', 'writeFile', 'mkdir', 'chmod', 'chown', 'unlink', 'rmdir']);

export async function runInProcess(
  playbookPath: string,
  inventoryPath: string,
  forks: number,
  onEvent?: (e: RunEvent) => void,
): Promise<InProcessRun> {
  const inventory = loadInventory([inventoryPath]);
  const playbook = loadPlaybook(playbookPath, moduleCatalog);
  const { connect } = await cliConnector(inventory, {});
  const trips: InProcessRun['trips'] = [];
  const counted: HostConnector = async (host) => countingConnection(await connect(host), () => trips[trips.length - 1]);
  const outcome = await runPlaybook(playbook, inventory, {
    check: false,
    diff: false,
    forks,
    become: { become: false, password: undefined },
    modules,
    connect: counted,
    secrets: [],
    emit: (e) => {
      if (e.kind === 'task-start') trips.push({ task: e.name, perHost: new Map() });
      onEvent?.(e);
    },
  });
  return { outcome, trips };
}

/** `conn` with every exec and file operation counted against the task running now. */
function countingConnection(conn: Connection, current: () => InProcessRun['trips'][number] | undefined): Connection {
  const tally = (kind: 'execs' | 'files'): void => {
    const step = current();
    if (!step) return;
    const c = step.perHost.get(conn.host) ?? { execs: 0, files: 0 };
    c[kind]++;
    step.perHost.set(conn.host, c);
  };
  return new Proxy(conn, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = String(prop);
      return (...args: unknown[]) => {
        if (name === 'exec') tally('execs');
        else if (FILE_OPS.has(name)) tally('files');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
