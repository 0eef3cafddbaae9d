// Playbook values (module arguments, vars, loop, delegate_to, environment,
// loop_control.label): text with {{ expressions }} in the language of
// conditions (vars/condition/). Template files stay Handlebars (render.ts).
import type { SourcePos } from '../errors.js';
import { renderTemplate } from './condition/index.js';
import { textOf } from './condition/values.js';

/** A value that is exactly one {{ }} keeps its type (a list stays a list); other text gives a string. */
export function renderValue(text: string, vars: object, origin: SourcePos): unknown {
  return renderTemplate(text, vars, origin);
}

/** The value as text, for what is always shown as text (a loop item's label). */
export function renderText(text: string, vars: object, origin: SourcePos): string {
  return textOf(renderTemplate(text, vars, origin));
}

/** Renders every string inside a YAML value (objects and lists recursively). */
export function renderDeep(value: unknown, vars: object, origin: SourcePos): unknown {
  if (typeof value === 'string') return renderValue(value, vars, origin);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars, origin));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, vars, origin);
    return out;
  }
  return value;
}

/** Whether a YAML value holds a {{ }} anywhere. */
export function holdsTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (Array.isArray(v)) return v.some(holdsTemplate);
  return v !== null && typeof v === 'object' && Object.values(v).some(holdsTemplate);
}
