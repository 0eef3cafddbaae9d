// The one lab every test file of a mocha run shares (started by root-hooks.ts).
import type { Lab } from './lab.js';

let current: Lab | undefined;

export function setSharedLab(lab: Lab | undefined): void {
  current = lab;
}

/** The running shared lab; throws when the root hooks did not start one. */
export function lab(): Lab {
  if (!current)
    throw new Error('lab: no shared lab is running (is dist/test/lab/root-hooks.js in the mocha `require`?)');
  return current;
}
