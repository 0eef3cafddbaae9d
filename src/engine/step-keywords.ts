// Keywords given as templates. Decided once for a whole step (all hosts
// together), as Ansible decides them: templated tags and a templated run_once.
// The run renders them with the first host's variables; validate does the same
// for each host, so a template that cannot render is found before a run.
// Decided on each host: numeric and true/false keywords (no_log, ignore_errors, become…).
import { RunbookError } from '../errors.js';
import type { ModuleTask, OrTemplate, Play } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { OMIT } from '../vars/condition/index.js';
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
    throttle: () => (task.throttle === undefined ? 0 : numberKeyword(task, 'throttle', task.throttle, vars(), 0)),
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
export function flagKeyword<U = boolean>(
  task: Pick<ModuleTask, 'source'>,
  key: string,
  written: OrTemplate<boolean>,
  vars: object,
  ifOmitted: U = false as U,
): boolean | U {
  if (typeof written === 'boolean') return written;
  const v = renderValue(written, vars, task.source);
  // `"{{ x | default(omit) }}"`: the keyword as if unwritten (Ansible sets the field back to its default).
  if (v === OMIT) return ifOmitted;
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
export function numberKeyword<U = number>(
  task: Pick<ModuleTask, 'source'>,
  key: string,
  written: OrTemplate<number>,
  vars: object,
  ifOmitted: U,
): number | U {
  if (typeof written === 'number') return written;
  const v = renderValue(written, vars, task.source);
  if (v === OMIT) return ifOmitted;
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
    v === undefined ? undefined : flagKeyword(task, key, v, vars, undefined);
  const num = (key: string, v: OrTemplate<number> | undefined) =>
    v === undefined ? undefined : numberKeyword(task, key, v, vars, undefined);
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

/**
 * The play with its templated keywords (serial, max_fail_percentage, force_handlers,
 * become) rendered with the play's variables when it starts, as Ansible renders them.
 * What does not give the keyword's kind of value ends the run at the play's line.
 */
export function playWithKeywords(play: Play, playVars: object): Play {
  const t = play.keywordTemplates;
  if (!t) return play;
  const at = { source: play.source };
  const vars = { ...playVars, omit: OMIT };
  const value = (text: string) => renderValue(text, vars, play.source);
  return {
    ...play,
    ...(t.serial === undefined ? {} : { serial: serialOf(play, t.serial, value(t.serial)) }),
    ...(t.maxFailPercentage === undefined ? {} : { maxFailPercentage: percentOf(play, t.maxFailPercentage, value) }),
    ...(t.forceHandlers === undefined
      ? {}
      : { forceHandlers: flagKeyword(at, 'force_handlers', t.forceHandlers, vars, undefined) }),
    ...(t.become === undefined ? {} : { become: flagKeyword(at, 'become', t.become, vars, undefined) }),
  };
}

// Ansible's "percent" field: the number before an optional %.
function percentOf(play: Play, written: string, value: (text: string) => unknown): number | undefined {
  const v = value(written);
  if (v === OMIT) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?%?\s*$/.test(v) ? parseFloat(v) : NaN;
  if (Number.isFinite(n) && n >= 0 && n <= 100) return n;
  throw new RunbookError('playbook', `max_fail_percentage: "${written}" gives ${JSON.stringify(v)}, not a percentage`, {
    source: play.source,
    hint: 'max_fail_percentage takes a number from 0 to 100, or a template that renders to one',
  });
}

// A batch size as serial takes it: a whole number, "N%", or a list of them (the ramp).
function serialOf(play: Play, written: string, v: unknown): Play['serial'] {
  if (v === OMIT) return undefined;
  const one = (x: unknown): number | string | undefined =>
    typeof x === 'number' && x >= 0
      ? Math.trunc(x)
      : typeof x === 'string' && /^\s*\d+\s*$/.test(x)
        ? Number(x)
        : typeof x === 'string' && /^\d+(\.\d+)?%$/.test(x.trim())
          ? x.trim()
          : undefined;
  const list = Array.isArray(v) ? v.map(one) : undefined;
  if (list && list.length > 0 && list.every((x) => x !== undefined)) return list as (number | string)[];
  const single = Array.isArray(v) ? undefined : one(v);
  if (single !== undefined) return single;
  throw new RunbookError('playbook', `serial: "${written}" gives ${JSON.stringify(v)}, not a batch size`, {
    source: play.source,
    hint: 'serial takes a number of hosts (2), a percentage ("25%") or a ramp list ([1, 2, "50%"]), or a template giving one',
  });
}

/** What a play's keywords see: its defaults, vars, vars_files and its roles', under the extra vars (no host's). */
export function playVars(play: Play, extraVars: Vars): Vars {
  return {
    ...play.defaults,
    ...play.roleExports?.defaults,
    ...play.vars,
    ...play.varsFiles,
    ...play.roleExports?.vars,
    ...extraVars,
  };
}
