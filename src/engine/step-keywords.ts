// Keywords given as templates. Decided once for a whole step (all hosts
// together), as Ansible decides them: templated tags and a templated run_once.
// The run renders them with the first host's variables; validate does the same
// for each host, so a template that cannot render is found before a run.
// Decided on each host: numeric keywords and no_log.
import { RunbookError } from '../errors.js';
import type { ModuleTask } from '../types/playbook.js';
import { toBool } from '../vars/condition/convert.js';
import { textOf } from '../vars/condition/python-text.js';
import { renderDeep, renderValue } from '../vars/render-value.js';
import { renderedTags } from './tags.js';

export interface StepKeywords {
  tags: () => string[];
  runOnce: () => boolean;
}

export function stepKeywords(task: Pick<ModuleTask, 'tags' | 'runOnce' | 'source'>, vars: () => object): StepKeywords {
  const value = (text: string): unknown => renderValue(text, vars(), task.source);
  return {
    tags: () => renderedTags(task.tags, value),
    runOnce: () => {
      if (typeof task.runOnce === 'boolean') return task.runOnce;
      const v = value(task.runOnce);
      try {
        return toBool(v);
      } catch {
        throw new RunbookError('playbook', `run_once must render to a boolean, got ${JSON.stringify(v)}`, {
          source: task.source,
          hint: 'true/false, yes/no',
        });
      }
    },
  };
}

/** no_log on one host: a boolean as written, or its template rendered with the host's variables (Ansible's boolean reading). */
export function noLogOf(task: Pick<ModuleTask, 'noLog' | 'source'>, vars: object): boolean {
  if (typeof task.noLog === 'boolean') return task.noLog;
  const v = renderValue(task.noLog, vars, task.source);
  try {
    return toBool(v);
  } catch {
    throw new RunbookError('playbook', `no_log must render to a boolean, got ${JSON.stringify(v)}`, {
      source: task.source,
      hint: 'true/false, yes/no',
    });
  }
}

/**
 * A numeric keyword (retries, delay, timeout, loop_control.pause) as written or
 * rendered from its template (`retries: "{{ n }}"`), with the task's variables.
 * What does not render to a number fails the task, naming the keyword and file:line.
 */
export function numberKeyword(
  task: Pick<ModuleTask, 'source'>,
  key: string,
  written: number | string,
  vars: object,
): number {
  if (typeof written === 'number') return written;
  const v = renderValue(written, vars, task.source);
  const whole = key === 'retries' || key === 'timeout';
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && (whole ? /^\s*\d+\s*$/ : /^\s*\d+(\.\d+)?\s*$/).test(v)
        ? Number(v)
        : NaN;
  if (Number.isFinite(n) && n >= 0 && (!whole || Number.isInteger(n))) return n;
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
