// The module contract (see STYLE.md): a module reads facts through the
// connection and returns the changes still needed. An empty list means "ok".
// The engine applies the changes, or under --check only reports them; the
// same list is the diff. Modules never import the engine or ssh2.
import type { ExtendedJSONSchema, FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { SourcePos } from '../errors.js';
import type { ModuleSpec } from '../types/module-catalog.js';
import type { Connection } from '../transport/connection.js';
import type { HostReading } from '../facts/host/reading.js';

export interface FileDiff {
  path: string;
  before: string;
  after: string;
  /** Set when either side is not text; `before`/`after` are then summaries. */
  binary?: boolean;
}

/** What applying a change produced, merged into the task result. */
export interface ApplyResult {
  failed?: boolean;
  /**
   * With `failed`: the task still reports changed, as Ansible's command, shell and script do (the
   * program ran). Other modules' failures report unchanged, as their fail_json does.
   */
  changed?: boolean;
  msg?: string;
  data?: Record<string, unknown>;
}

export interface Change {
  /** One line for humans, e.g. `write /etc/crictl.yaml (212 bytes)`. */
  summary: string;
  diff?: FileDiff;
  apply(): Promise<ApplyResult | void>;
}

export interface ModuleContext {
  conn: Connection;
  /** Inventory name of the host. */
  host: string;
  check: boolean;
  /** Absolute path of a controller-side file for `copy src:` / `template src:`. */
  findFile(kind: 'files' | 'templates', name: string): string;
  /** Renders a template file with the host's variables (strict Handlebars). */
  renderFile(path: string): string;
  /** The task's variables on this host (assert and debug read them). */
  vars: Readonly<Record<string, unknown>>;
  /** Where the task is, for messages. */
  source: SourcePos;
  /** The rendered delegate_to (conn reaches it), even when it names the task's own host. */
  delegateTo?: string;
  /**
   * Aborts when the task's `timeout:` is up. `conn` already stops its commands
   * then; a module that waits on its own (sleeps, controller fetches) stops too.
   */
  signal: AbortSignal;
  /** The playbook's directory on the controller: where `fetch` puts a relative dest, where `copy` finds a directory src. */
  playbookDir?: string;
  /** The directory of the role the task comes from, if any (its files/ come first for copy's src). */
  roleDir?: string;
  /** Reads shared by the tasks of one run (absent outside a run: read on your own). */
  cache?: RunCache;
  /**
   * The play's Gathering Facts only: the host's reading the engine started ahead of its batch
   * (engine/facts-ahead.ts); undefined when there is none still good: read now.
   */
  gatheredAhead?: () => Promise<HostReading> | undefined;
  /**
   * In a loop (engine/loop-ahead.ts): `read` gets the arguments of every item that would run and reads their
   * state at once; it runs at the first item that asks, and later items get its result while it is still the
   * reading they would make (nothing changed on the host since). Undefined: read on your own. `read` should not
   * reject for one item's sake (an item whose state it lacks reads on its own).
   */
  loopAhead?: <T>(read: (items: Record<string, unknown>[]) => Promise<T>) => Promise<T> | undefined;
  /**
   * Drops the host's connection and opens a new one, which later tasks use too (reboot:
   * the old link dies with the host). Rejects while the host cannot be reached.
   */
  reconnect?: () => Promise<Connection>;
}

/**
 * What one read tells about many hosts (every node's runtime from one kubectl
 * call), kept for the rest of the run. It serves a host until forget(), and
 * never a host on which (or delegated from which) this run applied a change:
 * that host reads anew each time.
 */
export interface RunCache {
  /** The value under `key`, read anew with `read` unless a read serves `host`. A failed read is not kept. */
  shared<T>(key: string, host: string, read: () => Promise<T>): Promise<T>;
  /** Every entry is stale: a change that reaches past its own host (a drain moves pods to other nodes). */
  forget(): void;
}

export interface ModulePlan {
  changes: Change[];
  /** Facts the module read, returned in the result (e.g. `stat`). */
  data?: Record<string, unknown>;
  /** Set when the module decided the task must fail before changing anything. */
  failed?: string;
  /** Variables to set on the host for the rest of the run (set_fact, setup). */
  facts?: Record<string, unknown>;
  /** A note for the result, e.g. why nothing needed doing (`creates:` already exists). */
  msg?: string;
  /** Set when the module did not run at all, and why (unarchive's `creates:` exists): the task is skipped, as in Ansible. */
  skipped?: string;
}

/**
 * A JSON Schema of module arguments, as ajv checks it and editors read it,
 * with runbook's own keyword `errorHint` (parse/validate.ts), which types ignore.
 */
export type ArgsSchema = Exclude<ExtendedJSONSchema<{ errorHint: string }>, boolean>;

/**
 * The arguments' type, derived from their schema (json-schema-to-ts reads the
 * literal schema, written `as const`): the schema is the one definition.
 */
export type ArgsOf<S extends JSONSchema> = FromSchema<S>;

export interface ModuleDef<A = Record<string, unknown>> {
  name: string;
  /** One line, shown by `runbook modules`. */
  summary: string;
  /** JSON Schema of the arguments, checked at load time with YAML positions. */
  schema: object;
  /** The argument a bare string maps to (`command: uptime`). */
  freeForm?: string;
  /** Whether a run under --check can know what would change (command cannot). */
  checkMode: 'full' | 'skip';
  /** See ModuleSpec (types/module-catalog.ts): what validate reads of a module without naming it. */
  controllerSource?: ModuleSpec['controllerSource'];
  setsVariables?: ModuleSpec['setsVariables'];
  templatedKeys?: ModuleSpec['templatedKeys'];
  /** In a loop, reads every item's state at once through ctx.loopAhead: the engine offers it only then. */
  readsLoopAhead?: boolean;
  plan(args: A, ctx: ModuleContext): Promise<ModulePlan>;
}
