// wait_for's arguments: one schema, which ajv checks and the type is read from.
import type { ArgsOf, ArgsSchema } from '../contract.js';
import { absolutePathSchema } from '../files/file-options.js';

const seconds = (what: string) => ({ type: 'number', minimum: 0, description: what }) as const;

export const waitForSchema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    host: { type: 'string', minLength: 1, description: 'the address to connect to from the host (with port)' },
    command: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'argv run on the host until it exits 0',
    },
    state: {
      enum: ['present', 'absent', 'started', 'stopped'],
      description: 'present/absent for path, started/stopped for port',
    },
    search_regex: {
      type: 'string',
      minLength: 1,
      description: 'with path: a regular expression the file must match (Python syntax, multiline)',
    },
    msg: { type: 'string', description: 'the message of the failure when the time is up' },
    timeout: seconds('seconds to wait in all (default 300); with no path, port or command: seconds to sleep'),
    delay: seconds('seconds before the first check (default 0)'),
    sleep: seconds('seconds between checks (default 1)'),
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

export type WaitArgs = ArgsOf<typeof waitForSchema>;
