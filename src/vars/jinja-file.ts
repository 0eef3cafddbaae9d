// Template files that are not Handlebars (.j2 and any other name not ending in
// .hbs) render as Ansible's template module renders them: Jinja in the language
// of playbook values (condition/template.ts), trim_blocks on and lstrip_blocks
// off (the module's defaults), Jinja's one dropped trailing newline given back
// as Ansible's preserve_trailing_newlines does, and the module's own variables
// (ansible_managed, template_host, template_path, template_fullpath,
// template_mtime, template_run_date) above the host's. {% include %} finds its
// template as Jinja's loader does on Ansible's search path (templateIncluder).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { SourcePos } from '../errors.js';
import {
  controllerOf,
  keptNewlines,
  renderTemplateText,
  searchDirs,
  type Delimiters,
  type Includer,
} from './condition/index.js';

import { extendScope } from './scope.js';

/** ansible-core 2.14's default `ansible_managed` (DEFAULT_MANAGED_STR). */
export const ANSIBLE_MANAGED = 'Ansible managed';

export function renderJinjaFile(text: string, vars: object, origin: SourcePos, delims?: Delimiters): string {
  // Jinja (keep_trailing_newline false) drops one newline at the end of the source.
  const source = text.endsWith('\n') ? text.slice(0, -1) : text;
  const scope = extendScope(vars, templateVars(origin.file));
  return keptNewlines(text, renderTemplateText(source, scope, origin, templateIncluder(origin.file, vars), delims));
}

// As the template module and lookup give Jinja's loader its search path: the template's own
// directory, then each directory of Ansible's search path with its templates/ first.
function templateIncluder(file: string, vars: object): Includer {
  const controller = controllerOf(vars);
  const dirs = [dirname(file), ...(controller ? searchDirs(controller, 'templates') : [])];
  return (name) => {
    const path = dirs.map((d) => join(d, name)).find((p) => existsSync(p) && statSync(p).isFile());
    return path === undefined
      ? undefined
      : { text: readFileSync(path, 'utf8'), origin: { file: path, line: 1, col: 1 } };
  };
}

/** Parses the file as a run would, for `runbook validate`. */
export function checkJinjaFile(text: string, origin: SourcePos): void {
  try {
    // An included template is checked when it is rendered: its name may come from the variables.
    renderTemplateText(text, {}, origin, () => ({ text: '', origin }));
  } catch (err) {
    // Only syntax is checked here: what the variables hold is the run's business.
    if (!(err instanceof Error) || !/undefined variable|is undefined/.test(err.message)) throw err;
  }
}

function templateVars(path: string): Record<string, unknown> {
  let mtime: Date | undefined;
  try {
    mtime = statSync(path).mtime;
  } catch {
    mtime = undefined;
  }
  return {
    ansible_managed: ANSIBLE_MANAGED,
    template_host: hostname(),
    template_path: path,
    template_fullpath: path,
    template_run_date: pythonDate(new Date()),
    ...(mtime ? { template_mtime: pythonDate(mtime) } : {}),
  };
}

/** Python's str(datetime): "2026-12-07 16:15:00.123000", local time. */
function pythonDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`
  );
}
