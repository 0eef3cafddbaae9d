// `runbook ping -i INV [-l PATTERN]`: before a rollout, is every host ready for
// one? Per host: SSH connects (the host key checked as a run would), a command
// runs, and, where become is asked for (-b or ansible_become), sudo works — each
// step timed. Exit codes as apply's: 4 unreachable, 2 sudo failed.
import { readFileSync } from 'node:fs';
import { forEachLimit } from '../engine/limit.js';
import { becomeVars } from '../inventory/become-vars.js';
import { connectionVars, type HostConnectionVars } from '../inventory/connection-vars.js';
import { parseLimit } from '../inventory/pattern.js';
import { cliInventory } from './cli-inventory.js';
import { hostBecomeFor } from '../engine/become.js';
import { withBecome, type BecomeOptions } from '../transport/become.js';
import { addressPort, type Connection } from '../transport/connection.js';
import type { InventoryHost } from '../types/inventory.js';
import { becomePassword } from './ask-secret.js';
import { cliConnector, type ConnectOptions } from './connector.js';
import { EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE } from './exit-codes.js';

export interface PingOptions extends ConnectOptions {
  /** Inventory files and directories, merged in this order. */
  inventory: readonly string[];
  limit?: string;
  forks: number;
  become?: boolean;
  becomeUser?: string;
  askBecomePass?: boolean;
}

interface Outcome {
  status: 'SUCCESS' | 'UNREACHABLE!' | 'FAILED!';
  steps: string[];
  msg?: string;
}

export async function ping(o: PingOptions, write: (text: string) => void): Promise<number> {
  const inventory = cliInventory(o.inventory, o.connection, write);
  const names =
    o.limit === undefined
      ? [...inventory.hosts.keys()]
      : parseLimit(inventory, o.limit, (f) => readFileSync(f, 'utf8'));
  const hosts = names.map((n) => inventory.hosts.get(n) as InventoryHost);
  // Checked before any host is touched, as apply does.
  const become = new Map(hosts.map((h) => [h.name, becomeVars(h)]));
  const reach = new Map(hosts.map((h) => [h.name, connectionVars(h)]));
  const password = await becomePassword(o.askBecomePass ?? false);
  const { connect, paramsOf } = await cliConnector(inventory, o);
  const outcomes = new Map<string, Outcome>();
  await forEachLimit(hosts, o.forks, async (host) => {
    const sudo = hostBecomeFor(become.get(host.name) ?? {}, {
      become: o.become ?? false,
      user: o.becomeUser,
      password,
    });
    const cv = reach.get(host.name) as HostConnectionVars;
    // What the connection uses: the inventory's, else ssh_config's or -u's, else the defaults (port 22).
    const p = paramsOf(host.name);
    const target =
      cv.connection === 'local'
        ? 'local connection'
        : `${p.user}@${addressPort(p.address, p.port)}, host key ${p.hostKeyPolicy}`;
    outcomes.set(host.name, await pingHost(() => connect(host), target, sudo));
  });
  for (const h of hosts) {
    const r = outcomes.get(h.name) as Outcome;
    write(`${h.name} | ${r.status} => ${[...r.steps, ...(r.msg ? [r.msg] : [])].join('; ')}\n`);
  }
  const all = [...outcomes.values()];
  if (all.some((r) => r.status === 'FAILED!')) return EXIT_FAILED;
  if (all.some((r) => r.status === 'UNREACHABLE!')) return EXIT_UNREACHABLE;
  return EXIT_OK;
}

async function pingHost(
  open: () => Promise<Connection>,
  target: string,
  sudo: BecomeOptions | undefined,
): Promise<Outcome> {
  const steps: string[] = [];
  let started = Date.now();
  let conn: Connection;
  try {
    conn = await open();
  } catch (err) {
    return {
      status: 'UNREACHABLE!',
      steps,
      msg: `${(err as Error).message} (${target}; after ${Date.now() - started} ms)`,
    };
  }
  try {
    steps.push(`ssh in ${Date.now() - started} ms (${target})`);
    started = Date.now();
    const login = await conn.exec('id -un');
    if (login.rc !== 0)
      return {
        status: 'FAILED!',
        steps,
        msg: `a command as the login user failed (exit ${login.rc}): ${login.stderr.trim()}`,
      };
    steps.push(`command as ${login.stdout.trim()} in ${Date.now() - started} ms`);
    if (!sudo) return { status: 'SUCCESS', steps };
    started = Date.now();
    try {
      const as = await withBecome(conn, sudo).exec('id -un');
      if (as.rc !== 0 || as.stdout.trim() !== sudo.user) {
        return {
          status: 'FAILED!',
          steps,
          msg: `sudo ran, but as ${as.stdout.trim() || 'nobody'} (exit ${as.rc}), not ${sudo.user}`,
        };
      }
    } catch (err) {
      return { status: 'FAILED!', steps, msg: `${(err as Error).message} (after ${Date.now() - started} ms)` };
    }
    steps.push(`sudo to ${sudo.user} in ${Date.now() - started} ms`);
    return { status: 'SUCCESS', steps };
  } catch (err) {
    return { status: 'UNREACHABLE!', steps, msg: (err as Error).message };
  } finally {
    await conn.close().catch(() => undefined);
  }
}
