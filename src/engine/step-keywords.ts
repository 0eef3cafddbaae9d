// Keywords decided once for a whole step (all hosts together), as Ansible
// decides them: templated tags and a templated run_once. The run renders them
// with the first host's variables; validate does the same for each host, so a
// template that cannot render is found before a run.
import { RunbookError } from '../errors.js';
import type { ModuleTask } from '../types/playbook.js';
import { toBool } from '../vars/condition/convert.js';
import { renderValue } from '../vars/render-value.js';
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
        throw new RunbookError('playbook', `run_once must render to a boolean, got ${JSON.stringify(v)}`, { source: task.source, hint: 'true/false, yes/no' });
      }
    },
  };
}
