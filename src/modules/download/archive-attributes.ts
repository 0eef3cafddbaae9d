// unarchive's mode/owner/group, as Ansible 2.14 applies them after tar: to every
// name tar lists (symlinks aside), to each name's top folder, and to the
// destination itself when a name is `./…` or was stripped to nothing by
// --strip-components (tar --list then prints `/`, which Ansible joins to dest).
import type { Member } from '../../facts/tar-members.js';
import { readPathStates, type PathState } from '../../facts/path-states.js';
import type { Connection } from '../../transport/connection.js';
import { attributeSteps, type AttributesWanted } from '../files/path-attributes.js';

/** The paths (relative to dest, `.` for dest) whose attributes the task sets. */
export function attributeTargets(members: Member[], extraOpts: string[]): string[] {
  const targets = new Set<string>();
  const stripped = extraOpts.some((o) => /^--strip-components=[1-9]/.test(o));
  if (stripped || members.some((m) => m.name.startsWith('./'))) targets.add('.');
  for (const m of members) {
    if (m.type === 'symlink') continue;
    targets.add(m.path);
    if (m.path.includes('/')) targets.add(m.path.split('/')[0]!);
  }
  return [...targets].sort();
}

export interface AttributeFix {
  path: string;
  said: string[];
  apply: () => Promise<void>;
}

/** What to change so each target has the wanted attributes (targets that are not there are left alone). */
export async function attributeFixes(
  conn: Connection,
  dest: string,
  targets: string[],
  want: AttributesWanted,
  states?: PathState[],
): Promise<AttributeFix[]> {
  const now = states ?? (await readPathStates(conn, dest, targets));
  const fixes: AttributeFix[] = [];
  targets.forEach((path, i) => {
    const s = now[i];
    if (s?.type !== 'file' && s?.type !== 'directory') return;
    const full = path === '.' ? dest : `${dest.replace(/\/$/, '')}/${path}`;
    const step = attributeSteps(conn, full, s, want, s.type === 'directory');
    if (step.said.length) fixes.push({ path, ...step });
  });
  return fixes;
}

/** Applies the fixes one after another (owner before mode within each, as Ansible). */
export async function applyFixes(fixes: AttributeFix[]): Promise<void> {
  for (const f of fixes) await f.apply();
}
