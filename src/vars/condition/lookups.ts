// lookup('env', NAME), lookup('file', PATH), lookup('first_found', ...),
// lookup('fileglob', ...), lookup('template', ...) and lookup('password', ...),
// read on the controller as Ansible does (controller.ts: what they read), and
// lookup('vars', ...) and lookup('dict', ...) of the play's data (lookup-data.ts).
// As Ansible's, a term that holds {{ }} is rendered first.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Def } from './defs.js';
import { Fault } from './fault.js';
import type { Controller } from './controller.js';
import { firstFound, searchDirs } from './first-found.js';
import { dictLookup, LookupUndefined, varnamesLookup, varsLookup } from './lookup-data.js';
import { fileglobLookup } from './lookup-fileglob.js';
import { passwordLookup } from './lookup-password.js';
import { pipeLookup } from './lookup-pipe.js';
import { templateLookup } from './lookup-template.js';
import { truthy, typeName } from './values.js';
import { pyStr } from './python-text.js';

export { CONTROLLER, controllerOf, type Controller } from './controller.js';

const KINDS = [
  ...['env', 'file', 'first_found', 'vars', 'varnames', 'dict', 'pipe', 'fileglob', 'template', 'password'],
  ...['list', 'items'],
];

function term(v: unknown, kind: string): string {
  if (typeof v === 'string') return v;
  throw new Fault(`lookup('${kind}', ...) takes names as strings, got ${typeName(v)}`);
}

/** Each term's value, as lookup's plugins give them; undefined when errors= let the plugin's failure pass. */
export function lookupTerms(
  controller: Controller | undefined,
  kind: unknown,
  written: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
  vars: object = {},
): unknown[] | undefined {
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new Fault(`unknown lookup ${typeof kind === 'string' ? `"${kind}"` : typeName(kind)}`, {
      arg: 0,
      hint:
        `runbook has lookup('env', NAME), lookup('file', PATH), lookup('first_found', FILES), lookup('vars', ` +
        `NAME), lookup('varnames', REGEX), lookup('dict', MAPPING), lookup('pipe', COMMAND), ` +
        `lookup('fileglob', PATTERN), lookup('template', FILE), lookup('password', PATH), lookup('list', ...) ` +
        `and lookup('items', ...)`,
    });
  }
  if (!controller) throw new Fault(`lookup('${kind}') is not available here`);
  const { errors, ...options } = named;
  const policy = errorPolicy(errors);
  try {
    const terms = renderedTerms(controller, written, vars);
    if (kind === 'fileglob') return fileglobLookup(controller, terms);
    if (kind === 'template') return templateLookup(controller, terms, options, vars);
    if (kind === 'password') return passwordLookup(controller, terms, options);
    if (kind === 'vars') return varsLookup(vars, terms, options);
    if (kind === 'dict') return dictLookup(terms);
    // As Ansible's list and items lookups: the terms as given; items flattens them one level.
    if (kind === 'list') return [...terms];
    if (kind === 'items') return terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
    if (kind === 'varnames') return varnamesLookup(vars, terms);
    if (kind === 'pipe') return pipeLookup(controller, terms);
    return runLookup(controller, kind, terms, options);
  } catch (err) {
    // As Ansible's Templar._lookup: errors='warn' or 'ignore' turn the plugin's failure into no value.
    if (err instanceof Fault && !(err instanceof LookupUndefined) && policy !== 'strict') return undefined;
    throw err;
  }
}

// As Ansible's listify_lookup_plugin_terms: `query('fileglob', '{{ dir }}/*.c')` globs the rendered pattern.
function renderedTerms(controller: Controller, terms: readonly unknown[], vars: object): readonly unknown[] {
  const { render } = controller;
  if (!render) return terms;
  return terms.map((t) => (typeof t === 'string' && /\{\{|\{%/.test(t) ? render(t, vars) : t));
}

/** errors=: Ansible's three words (a misspelt one is refused here, where Ansible reads it as strict). */
function errorPolicy(v: unknown): 'strict' | 'warn' | 'ignore' {
  if (v === undefined || v === 'strict' || v === 'warn' || v === 'ignore') return v ?? 'strict';
  throw new Fault(
    `errors= of a lookup is 'strict', 'warn' or 'ignore', got ${typeof v === 'string' ? `'${v}'` : typeName(v)}`,
  );
}

function runLookup(
  controller: Controller,
  kind: string,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
): string[] {
  if (kind === 'first_found') return firstFound(controller, terms, named);
  if (kind === 'env') {
    return terms.map((t) => controller.env[term(t, kind)] ?? (named.default === undefined ? '' : pyStr(named.default)));
  }
  // As Ansible's file lookup: the content without trailing whitespace (rstrip=True), leading kept (lstrip=False).
  const rstrip = named.rstrip === undefined || truthy(named.rstrip);
  const lstrip = truthy(named.lstrip);
  return terms.map((t) => {
    const path = term(t, kind);
    const full = isAbsolute(path)
      ? path
      : (searchDirs(controller, 'files')
          .map((d) => resolve(d, path))
          .find((p) => existsSync(p)) ?? resolve(controller.playbookDir, path));
    try {
      let text = readFileSync(full, 'utf8');
      if (lstrip) text = text.replace(/^\s+/, '');
      if (rstrip) text = text.replace(/\s+$/, '');
      return text;
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      throw new Fault(`lookup('file'): cannot read ${full}: ${why}`, {
        hint: "a relative path is looked for in the role's files/ and directory, then the playbook's",
      });
    }
  });
}

const lookupDef: Def<unknown> = {
  args: [1, 20],
  named: [
    'default',
    'files',
    'paths',
    'skip',
    'wantlist',
    'errors',
    'convert_data',
    'template_vars',
    'length',
    'chars',
    'seed',
    'lstrip',
    'rstrip',
    'variable_start_string',
    'variable_end_string',
    'comment_start_string',
    'comment_end_string',
  ],
  doc:
    "`lookup('env', 'HOME')`, `lookup('file', 'files/motd')`: on the controller; several names give their values joined with ','; " +
    "`wantlist=True` gives the list (as `query`); `errors='ignore'` (or `'warn'`) gives none instead of failing",
  run: () => undefined, // evaluated by the evaluator, which holds the controller
};
const queryDef: Def<unknown> = { ...lookupDef, doc: "`query('env', 'A', 'B')` (also `q`): the values as a list" };

export const LOOKUP_CALLS: ReadonlyMap<string, Def<unknown>> = new Map([
  ['lookup', lookupDef],
  ['query', queryDef],
  ['q', queryDef],
]);
