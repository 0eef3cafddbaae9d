// `runbook validate PLAYBOOK -i INV` (and `apply --syntax-check`): every error
// that can be found without connecting to a host, all of them, then a summary.
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { type RunbookError, formatError, formatSource } from '../errors.js';
import { validatePlaybook, type SkippedValue } from '../engine/validate-playbook.js';
import { collectSecretVars } from '../engine/secret-vars.js';
import { SecretValues, secretValues } from '../secrets.js';
import { parseLimit } from '../inventory/pattern.js';
import { moduleCatalog } from '../modules/registry.js';
import { cliInventory } from './cli-inventory.js';
import { loadPlaybook } from '../parse/playbook.js';
import type { Vars } from '../types/vars.js';
import { EXIT_INPUT, EXIT_OK } from './exit-codes.js';
import { gatheringFromEnv } from './gathering.js';

export interface ValidateCliOptions {
  /** Inventory files and directories, merged in this order. */
  inventory?: readonly string[];
  limit?: string;
  extraVars?: Vars;
  /** Where roles are looked for after the playbook's roles/ (--roles-path, RUNBOOK_ROLES_PATH). */
  rolesPath?: readonly string[];
}

// One line per task: `file:line: task "X": arguments (kubelet), loop (nodes)`.
function skippedLines(skipped: readonly SkippedValue[]): string[] {
  const byTask = new Map<string, Set<string>>();
  for (const s of skipped) {
    const key = `${formatSource(s.source)}: task "${s.task}"`;
    byTask.set(key, (byTask.get(key) ?? new Set()).add(`${s.what} (${s.needs})`));
  }
  return [...byTask].map(([task, whats]) => `${task}: ${[...whats].join(', ')}`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function validate(playbookPath: string, o: ValidateCliOptions, print: (text: string) => void): number {
  const inventory = cliInventory(o.inventory, undefined, print, [dirname(playbookPath)]);
  const limit =
    o.limit === undefined ? undefined : new Set(parseLimit(inventory, o.limit, (f) => readFileSync(f, 'utf8')));
  const loadErrors: RunbookError[] = [];
  const playbook = loadPlaybook(playbookPath, moduleCatalog, (e) => loadErrors.push(e), {
    rolesPath: o.rolesPath,
    gathering: gatheringFromEnv(),
    extraVars: o.extraVars,
  });
  // Rendered arguments in error messages may hold secrets: masked as a run masks them.
  const secrets = new SecretValues(secretValues);
  collectSecretVars(playbook.plays, inventory, o.extraVars ?? {}, secrets);
  const write = (text: string): void => print(secrets.mask(text));
  const report = validatePlaybook(playbook, inventory, moduleCatalog, {
    extraVars: o.extraVars,
    limit,
    controllerEnv: process.env,
  });
  const errors = [...loadErrors.map((error) => ({ error, hosts: [] as string[] })), ...report.errors];

  for (const { error, hosts } of errors)
    write(`${formatError(error)}${hosts.length ? `\n  on: ${hosts.join(', ')}` : ''}\n\n`);
  if (report.skipped.length > 0) {
    write('not checked, as they need what only a run gives (a registered result, a set_fact, facts):\n');
    for (const line of skippedLines(report.skipped)) write(`  ${line}\n`);
    write('\n');
  }
  const checked = `${plural(report.plays, 'play')}, ${plural(report.tasks, 'task')}, ${plural(report.templates, 'template file')}`;
  if (errors.length > 0) {
    write(`${playbookPath}: ${plural(errors.length, 'error')} (${checked})\n`);
    return EXIT_INPUT;
  }
  write(`${playbookPath}: OK (${checked}; ${plural(report.skipped.length, 'value')} left for the run)\n`);
  return EXIT_OK;
}
