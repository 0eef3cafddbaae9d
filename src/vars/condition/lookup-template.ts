// lookup('template', NAME, ...), as ansible-core 2.14's template plugin: the file is
// found in the search path's templates/ (the role's templates/ and directory, the
// task file's, the playbook's templates/ and directory) and rendered as the template
// module renders it, with the task's variables and template_vars= above them. With
// convert_data (the default) a result that reads as a Python list or mapping is that
// value, as Ansible's templating makes it.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Controller } from './controller.js';
import { Fault } from './fault.js';
import { searchDirs } from './first-found.js';
import type { Delimiters } from './delimiters.js';
import { isMapping, truthy, typeName } from './values.js';

const DELIMITER_OPTIONS = [
  'variable_start_string',
  'variable_end_string',
  'comment_start_string',
  'comment_end_string',
];
const OPTIONS = ['convert_data', 'template_vars', ...DELIMITER_OPTIONS];

export function templateLookup(
  controller: Controller,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
  vars: object,
): unknown[] {
  const other = Object.keys(named).filter((k) => !OPTIONS.includes(k));
  if (other.length > 0) {
    throw new Fault(`lookup('template') has no option ${other.join(', ')}`, {
      hint: `runbook's template lookup takes convert_data=, template_vars= and ${DELIMITER_OPTIONS.join('=, ')}=`,
    });
  }
  const extra = named.template_vars ?? {};
  if (!isMapping(extra))
    throw new Fault(`template_vars= of lookup('template') must be a mapping, got ${typeName(extra)}`);
  const render = controller.renderFile;
  if (!render) throw new Fault("lookup('template') is not available here");
  const convert = named.convert_data === undefined || truthy(named.convert_data);
  return terms.map((t) => {
    if (typeof t !== 'string') throw new Fault(`lookup('template') takes file names as strings, got ${typeName(t)}`);
    const path = (isAbsolute(t) ? [t] : searchDirs(controller, 'templates').map((d) => resolve(d, t))).find(
      (p) => existsSync(p) && statSync(p).isFile(),
    );
    if (!path) {
      throw new Fault(`the template file ${t} could not be found for the lookup`, {
        hint: "a relative name is looked for in the role's templates/ and directory, then the playbook's",
      });
    }
    return render(path, Object.keys(extra).length > 0 ? withVars(vars, extra) : vars, convert, delimiters(named));
  });
}

// As the lookup's options: variable_start_string= and the like replace {{ }} and {# #} (Jinja's defaults).
function delimiters(named: Readonly<Record<string, unknown>>): Delimiters | undefined {
  if (!DELIMITER_OPTIONS.some((o) => named[o] !== undefined)) return undefined;
  const text = (o: string, fallback: string): string => {
    const v = named[o] ?? fallback;
    if (typeof v !== 'string' || v === '')
      throw new Fault(`${o}= of lookup('template') must be text, got ${typeName(v)}`);
    return v;
  };
  return {
    variable: [text('variable_start_string', '{{'), text('variable_end_string', '}}')],
    comment: [text('comment_start_string', '{#'), text('comment_end_string', '#}')],
  };
}

/** The task's variables with `extra` above them; copied by descriptors, so no lazy variable renders here. */
function withVars(vars: object, extra: object): object {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(vars));
  for (const [k, v] of Object.entries(extra)) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
