// Playbook file → validated, typed Playbook. Every error names file:line:col.

import { dirname } from 'node:path';
import { RunbookError } from '../errors.js';
import { playSchema, playbookShapeSchema } from '../schema/playbook.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Play, Playbook } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { loadTask } from './task.js';
import { check, simpleName } from './validate.js';
import { locate, readYamlFile } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export function loadPlaybook(file: string, modules: ModuleCatalog): Playbook {
  const src = readYamlFile(file, 'playbook');
  if (src.data === null) {
    throw new RunbookError('playbook', `playbook ${file} is empty`, {
      source: { file, line: 1, col: 1 },
      hint: 'a playbook is a list of plays: start with "- hosts: all"',
    });
  }
  check(playbookShapeSchema, src.data, { src, code: 'playbook', at: [], name: () => 'playbook' });
  const plays = (src.data as Record<string, unknown>[]).map((raw, i) => loadPlay(src, i, raw, modules));
  return { file, dir: dirname(file), plays };
}

function loadPlay(src: YamlSource, index: number, raw: Record<string, unknown>, modules: ModuleCatalog): Play {
  check(playSchema, raw, { src, code: 'playbook', at: [index], name: simpleName('play') });
  // A list of patterns is their union, as Ansible does.
  const hosts = Array.isArray(raw.hosts) ? (raw.hosts as string[]).join(':') : (raw.hosts as string);
  const tasks = ((raw.tasks ?? []) as Record<string, unknown>[]).map((t, i) => loadTask(src, [index, 'tasks', i], t, modules));
  return {
    name: typeof raw.name === 'string' ? raw.name : hosts,
    hosts,
    vars: (raw.vars ?? {}) as Vars,
    tasks,
    source: locate(src, [index]).source,
  };
}
