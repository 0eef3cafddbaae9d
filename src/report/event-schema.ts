// The one definition of an event line (`--json FILE`, the run record): a JSON
// Schema written as a const object. Its TypeScript type comes from it
// (json-schema-to-ts FromSchema), and `EventTypesAgree` below stops the build
// when that type and the engine's RunEvent part ways, so the shipped schema
// (schemas/events.v1.schema.json, written from this object) cannot drift from
// what the engine emits.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { EVENTS_SCHEMA_VERSION, type HostCounts, type StampedEvent } from '../engine/events.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;
const status = { enum: ['ok', 'changed', 'failed', 'skipped', 'unreachable'] } as const;
const sourcePos = {
  type: 'object',
  description: 'Where in the playbook: file, 1-based line and column.',
  additionalProperties: false,
  required: ['file', 'line', 'col'],
  properties: { file: str, line: int, col: int },
} as const;
const fileDiff = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'before', 'after'],
  properties: {
    path: str,
    before: str,
    after: str,
    binary: { type: 'boolean', description: 'before/after are summaries, not contents' },
  },
} as const;
const itemResult = {
  type: 'object',
  additionalProperties: false,
  required: ['item', 'status'],
  properties: { item: { description: 'the loop item, as given' }, label: str, status, msg: str },
} as const;
const taskResult = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'status', 'changes', 'diffs', 'data', 'durationMs'],
  properties: {
    host: str,
    delegatedTo: { ...str, description: 'the host the task ran on through delegate_to' },
    status,
    ignored: { type: 'boolean', description: 'failed, but ignore_errors let the host go on' },
    changed: {
      type: 'boolean',
      description: 'a failure whose result says changed too (a command that ran, changed_when)',
    },
    rescued: { type: 'boolean', description: 'failed inside a block whose rescue takes the failure over' },
    uncounted: { type: 'boolean', description: "shown, not counted in the recap: an include_role's own result" },
    changes: { ...strings, description: 'one line per change applied (under --check: that would be applied)' },
    diffs: { type: 'array', items: fileDiff },
    msg: str,
    data: { type: 'object', description: "the module's output (rc, stdout, …), secrets masked" },
    items: { type: 'array', items: itemResult },
    durationMs: { type: 'number', minimum: 0 },
  },
} as const;
const counts = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
const hostCounts = {
  type: 'object',
  additionalProperties: false,
  required: counts,
  properties: { ok: int, changed: int, unreachable: int, failed: int, skipped: int, rescued: int, ignored: int },
} as const;
const rolloutStop = {
  type: 'object',
  additionalProperties: false,
  required: ['play', 'reason', 'done', 'failed', 'untouched', 'failures'],
  properties: {
    play: str,
    reason: str,
    done: strings,
    failed: strings,
    untouched: strings,
    failures: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'task', 'msg'],
        properties: { host: str, task: str, msg: str },
      },
    },
  },
} as const;

const interruption = {
  type: 'object',
  additionalProperties: false,
  required: ['signal', 'midway', 'untouched'],
  properties: {
    signal: { ...str, description: 'what stopped the run: SIGINT or SIGTERM' },
    play: { ...str, description: 'the play under way' },
    midway: {
      type: 'array',
      description: 'hosts of the batch under way that changed something or were inside a block with a rescue',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host'],
        properties: {
          host: str,
          lastChanged: str,
          block: str,
          note: { ...str, description: "the block's runbook_interrupt_note" },
        },
      },
    },
    untouched: { ...strings, description: "hosts of the play's batches that never started" },
  },
} as const;

/** One event kind: the common fields (version, at, kind) and its own. */
function event<
  const K extends string,
  const P extends Record<string, JSONSchema>,
  const R extends readonly (keyof P & string)[],
>(kind: K, description: string, properties: P, required: R) {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ['version', 'at', 'kind', ...required],
    properties: {
      version: { const: EVENTS_SCHEMA_VERSION, description: 'the schema version of this line' },
      at: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
        description: 'when the engine emitted the event: ISO 8601, UTC, milliseconds',
      },
      kind: { const: kind },
      ...properties,
    },
  } as const;
}

export const eventLineSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://runbook.invalid/schemas/events.v1.schema.json',
  title: 'runbook event line, version 1',
  description:
    'One line of `runbook apply --json FILE` and of the run record (~/.runbook/runs/ID.jsonl). See docs/run-record.md.',
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    event('run-start', 'The run begins.', { playbook: str, check: { type: 'boolean' }, diff: { type: 'boolean' } }, [
      'playbook',
      'check',
      'diff',
    ]),
    event(
      'play-start',
      'A play begins, with the hosts its pattern selected.',
      { name: str, hosts: strings, source: sourcePos },
      ['name', 'hosts', 'source'],
    ),
    event(
      'batch-start',
      'A serial batch begins (index is 1-based).',
      { play: str, index: int, count: int, hosts: strings },
      ['play', 'index', 'count', 'hosts'],
    ),
    event(
      'task-start',
      'A task (or handler) begins on these hosts.',
      { name: str, module: str, hosts: strings, source: sourcePos, handler: { type: 'boolean' } },
      ['name', 'module', 'hosts', 'source', 'handler'],
    ),
    event(
      'task-retry',
      'An `until` attempt failed; the task is tried again.',
      { task: str, host: str, attempt: int, retriesLeft: int, msg: str },
      ['task', 'host', 'attempt', 'retriesLeft'],
    ),
    event(
      'task-result',
      "A task's outcome on one host; `at` minus durationMs is when it started there.",
      { task: str, result: taskResult },
      ['task', 'result'],
    ),
    event(
      'rollout-stopped',
      'The failure policy stopped the rollout: why, and where each host stands.',
      { stop: rolloutStop },
      ['stop'],
    ),
    event(
      'run-interrupting',
      'The first SIGINT/SIGTERM: no new task starts; tasks under way get graceS seconds, then are stopped.',
      { signal: str, graceS: { type: 'number', minimum: 0 } },
      ['signal', 'graceS'],
    ),
    event('run-interrupted', 'Where an interrupted run stopped: the last word before run-end.', { interruption }, [
      'interruption',
    ]),
    event('play-end', 'A play ends.', { name: str }, ['name']),
    event('warning', 'A warning, said once per run (as ansible-playbook words it).', { msg: str }, ['msg']),
    event(
      'run-end',
      'The run ends, with the recap (host → counts).',
      { recap: { type: 'object', additionalProperties: hostCounts }, durationMs: { type: 'number', minimum: 0 } },
      ['recap', 'durationMs'],
    ),
  ],
} as const;

/** An event line as read back from a file. */
export type EventLine = FromSchema<typeof eventLineSchema>;

/** What the engine emits, as JSON writes it (the recap Map becomes an object). */
type EngineLine =
  | Exclude<StampedEvent, { kind: 'run-end' }>
  | (Omit<Extract<StampedEvent, { kind: 'run-end' }>, 'recap'> & { recap: { [host: string]: HostCounts } });

// Identical, not merely assignable: an optional field renamed on one side must fail too.
// Both sides flattened first (intersections, Omit), so only real differences count.
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type MustBeTrue<T extends true> = T;
/** Fails to compile when the schema and the engine's event types differ. */
export type EventTypesAgree = MustBeTrue<Same<EventLine, EngineLine>>;
