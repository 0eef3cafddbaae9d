// A task's loop: `loop:` or one of Ansible's with_* keywords, and loop_control.
// The parser only records which keyword gave the value; the engine turns the
// rendered value into items the way that keyword does (engine/loop-items.ts).

import type { LoopKeyword, ModuleTask } from '../types/playbook.js';
import { errorAt } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export const LOOP_KEYWORDS: readonly LoopKeyword[] = [
  'loop',
  'with_items',
  'with_list',
  'with_dict',
  'with_fileglob',
  'with_first_found',
  'with_sequence',
  'with_nested',
];

type LoopFields = Pick<
  ModuleTask,
  'loop' | 'loopWith' | 'loopVar' | 'loopLabel' | 'indexVar' | 'loopPause' | 'loopExtended'
>;

interface LoopControl {
  loop_var?: string;
  label?: string;
  index_var?: string;
  pause?: number | string;
  extended?: boolean;
  extended_allitems?: boolean;
}

export function loopOf(src: YamlSource, path: YamlPath, raw: Record<string, unknown>): LoopFields {
  const given = LOOP_KEYWORDS.filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (given.length > 1) {
    throw errorAt(
      src,
      'playbook',
      [...path, given[1] as string],
      `task has two loops (${given.join(', ')}); keep one`,
      {
        key: true,
        hint: 'a task loops over one list; build it with a filter if you need several: loop: "{{ a + b }}"',
      },
    );
  }
  const control = (raw.loop_control ?? {}) as LoopControl;
  const loopWith = given[0];
  return {
    loop: loopWith === undefined ? undefined : raw[loopWith],
    loopWith: loopWith === 'loop' ? undefined : loopWith,
    loopVar: control.loop_var ?? 'item',
    loopLabel: control.label,
    indexVar: control.index_var,
    loopPause: control.pause,
    loopExtended: control.extended ? { allitems: control.extended_allitems !== false } : undefined,
  };
}
