import type { SourcePos } from '../errors.js';
import type { Vars } from './vars.js';

/** A task after validation: exactly one module, its arguments normalised to an object. */
export interface Task {
  name?: string;
  module: string;
  args: Record<string, unknown>;
  vars: Vars;
  source: SourcePos;
}

export interface Play {
  name: string;
  hosts: string;
  vars: Vars;
  tasks: Task[];
  source: SourcePos;
}

export interface Playbook {
  /** Path as given by the user (used in messages). */
  file: string;
  /** Directory of the playbook: templates/ and files/ are looked up beside it and its parent. */
  dir: string;
  plays: Play[];
}
