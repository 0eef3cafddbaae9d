// The module tasks of a task list in the order they are written, blocks
// (block, rescue, always) opened: what listings and static checks walk.
// Dynamic includes are left out: what they bring is known only at run time.
import type { ModuleTask, Task } from '../types/playbook.js';

export function* moduleTasks(tasks: readonly Task[]): Generator<ModuleTask> {
  for (const t of tasks) {
    if (t.kind === 'module') yield t;
    else if (t.kind === 'block') yield* moduleTasks([...t.block, ...t.rescue, ...t.always]);
  }
}
