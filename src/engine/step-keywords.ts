// Keywords given as templates. Decided once for a whole step (all hosts
// together), as Ansible decides them: templated tags and a templated run_once.
// The run renders them with the first host's variables; validate does the same
// for each host, so a template that cannot render is found before a run.
// Decided on each host: numeric and true/false keywords (no_log, ignore_errors, become…).
import { RunbookError } from '../errors.js';
import type { ModuleTask, OrTemplate } from '../types/playbook.js';
import { textOf } from '../vars/condition/python-text.js';
import { renderDeep, renderValue } from '../vars/render-value.js';
import { renderedTags } from './tags.js';

export interface StepKeywords {
  tags: () => string[];
  runOnce: () => boolean;
  /** Hosts in flight at once for this step (0: forks alone). */
  throttle: () => number;
}

export function stepKeywords(
  task: Pick<ModuleTask, 'tags' | 'runOnce' | 'throttle' | 'source'>,
  vars: () => object,
): StepKeywords {
  const value = (text: string): unknown => renderValue(text, vars(), task.source);
  return {
    tags: () => renderedTags(task.tags, value),
    runOnce: () => flagKeyword(task, 'run_once', task.runOnce, vars()),
    throttle: () => (task.throttle === undefined ? 0 : numberKeyword(task, 'throttle', task.throttle, vars())),
  };
}

/** no_log on one host: a boolean as written, or its template rendered with the host's variables (Ansible's boolean reading). */
export function noLogOf(task: Pick<ModuleTask, 'noLog' | 'source'>, vars: object): boolean {
  return flagKeyword(task, 'no_log', task.noLog, vars);
}

// ansible-core 2.14's boolean() for keywords (strict, unlike the bool filter): '' and other words are errors.
const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/**
 * A true/false keyword (ignore_errors, become, check_mode, diff, any_errors_fatal,
 * run_once, no_log) as written, or its template rendered and read as Ansible's
 * keywords read it: yes/no, true/false, on/off, y/n, t/f, 1/0 in any case; else an error.
 */
export function flagKeyword(
  task: Pick<ModuleTask, 'source'>,
  key: string,
  written: OrTemplate<boolean>,
  vars: object,
): boolean {
  if (typeof written === 'boolean') return written;
  const v = renderValue(written, vars, task.source);
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  const word = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return true;
  if (word !== undefined && FALSE_WORDS.has(word)) return false;
  throw new RunbookError('playbook', `${key}: "${written}" gives ${JSON.stringify(v)}, which is not a boolean`, {
    source: task.source,
    hint: `${key} takes true/false, yes/no, on/off, y/n, t/f or 1/0 (any case), as Ansible reads it; "{{ x | bool }}" makes '' false`,
  });
}

/**
 * A numeric keyword (retries, delay, timeout, loop_control.pause) as written or
 * rendered from its template (`retries: "{{ n }}"`), with the task's variables.
 * What does not render to a number fails the task, naming the keyword and file:line.
 */
export function numberKeyword(
  task: Pick<ModuleTask, 'source'>,
  key: string,
  written: OrTemplate<number>,
  vars: object,
): number {
  if (typeof written === 'number') return written;
  const v = renderValue(written, vars, task.source);
  // As Python's int() on what the template gives: a number is cut to its whole part, text must be digits.
  const whole = key !== 'loop_control.pause';
  const n =
    typeof v === 'number'
      ? whole
        ? Math.trunc(v)
        : v
      : typeof v === 'string' && (whole ? /^\s*[+-]?\d+\s*$/ : /^\s*\d+(\.\d+)?\s*$/).test(v)
        ? Number(v)
        : NaN;
  // A negative retries is one attempt in Ansible, as 0 is.
  if (key === 'retries' && n < 0) return 0;
  if (Number.isFinite(n) && n >= 0) return n;
  throw new RunbookError(
    'playbook',
    `${key}: "${written}" gives ${JSON.stringify(v)}, not ${whole ? 'a whole number' : 'a number'}`,
    {
      source: task.source,
      hint: `${key} takes ${whole ? 'a whole number' : 'a number of seconds'} of 0 or more, or a template that renders to one`,
    },
  );
}

/** The task's environment on one host: its mappings and templates (`"{{ proxy_env }}"`) rendered, in order. */
export function environmentOf(
  task: Pick<ModuleTask, 'environment' | 'environmentLayers' | 'source'>,
  vars: object,
): Record<string, string> {
  let env = renderDeep(task.environment, vars, task.source) as Record<string, unknown>;
  for (const layer of task.environmentLayers ?? []) {
    const v = typeof layer === 'string' ? renderValue(layer, vars, task.source) : renderDeep(layer, vars, task.source);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new RunbookError(
        'playbook',
        `environment must give a mapping of variable names to values, got ${JSON.stringify(v)}`,
        {
          source: task.source,
          hint: 'environment: "{{ proxy_env }}" where proxy_env is a mapping such as {HTTPS_PROXY: "http://proxy:3128"}',
        },
      );
    }
    env = { ...env, ...(v as Record<string, unknown>) };
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, textOf(v)]));
}

/**
 * Every keyword decided on each host, rendered and converted as the run does:
 * what validate checks, so a keyword added here is checked by both.
 */
export function hostKeywords(task: ModuleTask, vars: object): Record<string, unknown> {
  const flag = (key: string, v: OrTemplate<boolean> | undefined) =>
    v === undefined ? undefined : flagKeyword(task, key, v, vars);
  const num = (key: string, v: OrTemplate<number> | undefined) =>
    v === undefined ? undefined : numberKeyword(task, key, v, vars);
  return {
    ignore_errors: flag('ignore_errors', task.ignoreErrors),
    check_mode: flag('check_mode', task.checkMode),
    diff: flag('diff', task.diff),
    become: flag('become', task.become),
    become_user: task.becomeUser === undefined ? undefined : renderValue(task.becomeUser, vars, task.source),
    no_log: flag('no_log', task.noLog),
    any_errors_fatal: flag('any_errors_fatal', task.anyErrorsFatal),
    timeout: num('timeout', task.timeout),
    retries: num('retries', task.retries),
    delay: num('delay', task.delay),
    'loop_control.pause': num('loop_control.pause', task.loopPause),
  };
}
