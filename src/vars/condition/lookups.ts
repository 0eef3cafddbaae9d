// lookup('env', NAME), lookup('file', PATH) and lookup('first_found', ...),
// read on the controller as Ansible does (controller.ts: what they read).
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Def } from './defs.js';
import { Fault } from './fault.js';
import type { Controller } from './controller.js';
import { firstFound } from './first-found.js';
import { pyStr, typeName } from './values.js';

export { CONTROLLER, controllerOf, type Controller } from './controller.js';

const KINDS = ['env', 'file', 'first_found'];

function term(v: unknown, kind: string): string {
  if (typeof v === 'string') return v;
  throw new Fault(`lookup('${kind}', ...) takes names as strings, got ${typeName(v)}`);
}

/** Each term's value, as lookup's plugins give them. */
export function lookupTerms(
  controller: Controller | undefined,
  kind: unknown,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
): string[] {
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new Fault(`unknown lookup ${typeof kind === 'string' ? `"${kind}"` : typeName(kind)}`, {
      arg: 0,
      hint: `runbook has lookup('env', NAME), lookup('file', PATH) and lookup('first_found', FILES)`,
    });
  }
  if (!controller) throw new Fault(`lookup('${kind}') is not available here`);
  if (kind === 'first_found') return firstFound(controller, terms, named);
  if (kind === 'env') {
    return terms.map((t) => controller.env[term(t, kind)] ?? (named.default === undefined ? '' : pyStr(named.default)));
  }
  return terms.map((t) => {
    const path = term(t, kind);
    const full = isAbsolute(path) ? path : resolve(controller.playbookDir, path);
    try {
      // As Ansible's file lookup: the content without trailing whitespace.
      return readFileSync(full, 'utf8').replace(/\s+$/, '');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      throw new Fault(`lookup('file'): cannot read ${full}: ${why}`, {
        hint: "a relative path is read from the playbook's directory",
      });
    }
  });
}

const lookupDef: Def<unknown> = {
  args: [1, 20],
  named: ['default', 'files', 'paths', 'skip'],
  doc: "`lookup('env', 'HOME')`, `lookup('file', 'files/motd')`: on the controller; several names give their values joined with ','",
  run: () => undefined, // evaluated by the evaluator, which holds the controller
};
const queryDef: Def<unknown> = { ...lookupDef, doc: "`query('env', 'A', 'B')` (also `q`): the values as a list" };

export const LOOKUP_CALLS: ReadonlyMap<string, Def<unknown>> = new Map([
  ['lookup', lookupDef],
  ['query', queryDef],
  ['q', queryDef],
]);
