// One connection per host for the whole run, opened on first use. A host that
// could not be reached stays unreachable for the rest of the run.
import type { Connection } from '../transport/connection.js';
import type { InventoryHost } from '../types/inventory.js';

export type HostConnector = (host: InventoryHost) => Promise<Connection>;

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();

  constructor(private readonly connect: HostConnector) {}

  get(host: InventoryHost): Promise<Connection> {
    let conn = this.open.get(host.name);
    if (!conn) {
      conn = this.connect(host);
      this.open.set(host.name, conn);
    }
    return conn;
  }

  /** meta: reset_connection: the next use opens a new connection. */
  async reset(host: string): Promise<void> {
    const conn = this.open.get(host);
    this.open.delete(host);
    await (await conn?.catch(() => null))?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const pending = [...this.open.values()];
    this.open.clear();
    await Promise.all(pending.map(async (p) => (await p.catch(() => null))?.close().catch(() => undefined)));
  }
}
