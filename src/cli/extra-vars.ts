// -e / --extra-vars, as ansible-playbook takes them: `key=value` pairs (values
// stay strings), an inline YAML/JSON mapping, or `@file.yaml`. Repeatable; later wins.
import { RunbookError } from '../errors.js';
import { readVarsFile } from '../parse/vars-files.js';
import { parseYaml } from '../parse/yaml-source.js';
import type { Vars } from '../types/vars.js';

export function collectExtraVars(value: string, prev: Vars): Vars {
  return { ...prev, ...parseExtraVars(value) };
}

export function parseExtraVars(value: string): Vars {
  const text = value.trim();
  // A long inline mapping is shown cut, so that the reason after it stays on screen.
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  if (text.startsWith('@')) return readVarsFile(text.slice(1));
  if (text.startsWith('{')) {
    let data: unknown;
    try {
      // As a vars file: YAML 1.1, so yes/no are booleans.
      data = parseYaml(text, '-e').data;
    } catch (err) {
      const pos = err instanceof RunbookError && err.source ? ` at column ${err.source.col}${err.source.line > 1 ? ` of line ${err.source.line}` : ''}` : '';
      throw new RunbookError('usage', `-e ${shown}: not a valid YAML/JSON mapping${pos}: ${(err as Error).message.split('\n')[0]}`, {
        hint: err instanceof RunbookError ? err.hint : undefined,
      });
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new RunbookError('usage', `-e ${shown}: expected a mapping`);
    return data as Vars;
  }
  const out: Vars = {};
  // key=value pairs separated by spaces; a value may be quoted to hold spaces.
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g)) {
    out[m[1] as string] = m[3] ?? m[4] ?? (m[2] as string);
  }
  if (Object.keys(out).length === 0) {
    throw new RunbookError('usage', `-e ${shown}: expected key=value, a mapping, or @file.yaml`, { hint: 'for example: -e containerd_version=1.7.2 or -e @vars.yaml' });
  }
  return out;
}
