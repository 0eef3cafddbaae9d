// Helpers shared by the parse and inventory tests.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleCatalog } from '../../src/types/module-catalog.js';

/** Path of a file under test/fixtures/ (tests run from dist/test/…). */
export function fixture(...parts: string[]): string {
  return join(fileURLToPath(new URL('../../../test/fixtures/', import.meta.url)), ...parts);
}

/** Writes files (path → content) into a fresh temp directory; returns the directory. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-parse-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The RunbookError thrown by `fn`; fails the test if none is thrown. */
export { runbookError } from '../support/runbook-error.js';

const object = (properties: Record<string, object>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** A small catalog shaped like runbook's modules. */
export const testModules: ModuleCatalog = new Map([
  [
    'command',
    {
      schema: object({ cmd: { type: 'string' }, chdir: { type: 'string' }, creates: { type: 'string' } }, ['cmd']),
      freeForm: 'cmd',
    },
  ],
  [
    'copy',
    {
      schema: object(
        { dest: { type: 'string' }, content: { type: 'string' }, src: { type: 'string' }, mode: { type: 'string' } },
        ['dest'],
      ),
    },
  ],
  [
    'file',
    {
      schema: object(
        {
          path: { type: 'string', pattern: '^/', description: 'an absolute path' },
          state: { enum: ['file', 'directory', 'absent', 'touch'] },
          mode: { type: 'string' },
        },
        ['path'],
      ),
    },
  ],
  ['shell', { schema: object({ cmd: { type: 'string' }, chdir: { type: 'string' } }, ['cmd']), freeForm: 'cmd' }],
  // What the implicit "Gathering Facts" task of a play without gather_facts: false runs.
  ['setup', { schema: object({ gather_subset: { type: 'array', items: { type: 'string' } } }, []) }],
  [
    'template',
    {
      schema: object({ src: { type: 'string' }, dest: { type: 'string' }, mode: { type: 'string' } }, ['src', 'dest']),
    },
  ],
]);
