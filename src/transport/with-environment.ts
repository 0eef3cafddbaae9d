// `environment:` on a task: every command the module runs gets these variables.
// A decorator over any Connection, so modules need not know about it.
import { shellQuoteValue } from '../quote.js';
import type { Connection, ExecOptions, ExecResult } from './connection.js';
import { DelegatingConnection } from './delegating.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class EnvironmentConnection extends DelegatingConnection {
  constructor(
    inner: Connection,
    private readonly prefix: string,
  ) {
    super(inner);
  }
  override exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    return this.inner.exec(this.prefix + command, opts);
  }
}

export function withEnvironment(conn: Connection, env: Record<string, string>): Connection {
  const names = Object.keys(env);
  if (names.length === 0) return conn;
  for (const n of names) if (!NAME.test(n)) throw new Error(`environment: "${n}" is not a valid variable name`);
  return new EnvironmentConnection(conn, `export ${names.map((n) => `${n}=${shellQuoteValue(env[n])}`).join(' ')}; `);
}
