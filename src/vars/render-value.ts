// Playbook values (module arguments, vars, loop, delegate_to, environment,
// loop_control.label): text with {{ expressions }} in the language of
// conditions (vars/condition/). Template files stay Handlebars (render.ts).
import type { SourcePos } from '../errors.js';
import { OMIT, renderTemplate } from './condition/index.js';
import { textOf } from './condition/python-text.js';
import { isKeptAsData } from './unsafe-values.js';

/** A value that is exactly one {{ }} keeps its type (a list stays a list); other text gives a string. */
export function renderValue(text: string, vars: object, origin: SourcePos): unknown {
  return renderTemplate(text, vars, origin);
}

/** The value as text, for what is always shown as text (a loop item's label). */
export function renderText(text: string, vars: object, origin: SourcePos): string {
  return textOf(renderTemplate(text, vars, origin, false));
}

/**
 * Renders every string inside a YAML value (objects and lists recursively).
 * `originOf` says where a string inside is written, when it is known (else `origin`).
 */
export function renderDeep(
  value: unknown,
  vars: object,
  origin: SourcePos,
  originOf?: OriginOf,
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') return renderValue(value, vars, originOf?.(path, value) ?? origin);
  if (isKeptAsData(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, vars, origin, originOf, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const rendered = renderDeep(v, vars, origin, originOf, [...path, k]);
      // `default(omit)`: the key is left out, as Ansible leaves out a module argument (remove_omit).
      if (rendered !== OMIT) out[k] = rendered;
    }
    return out;
  }
  return value;
}

/** Where the string at `path` inside a value is written, if known. */
export type OriginOf = (path: readonly (string | number)[], text: string) => SourcePos | undefined;

/** Whether a YAML value holds a {{ }} anywhere. */
export function holdsTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%') || v.includes('{#');
  if (isKeptAsData(v)) return false;
  if (Array.isArray(v)) return v.some(holdsTemplate);
  return v !== null && typeof v === 'object' && Object.values(v).some(holdsTemplate);
}
