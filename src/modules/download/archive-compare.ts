// Which archive members the destination does not already hold as the archive
// has them: same type, permission bits, content (sha256) or link target.
import { relativePath, type Member } from '../../facts/tar-members.js';
import type { PathState } from '../../facts/path-states.js';
import { formatMode } from '../files/mode.js';

export interface MemberDiff {
  path: string;
  /** The member as it is in the destination, and as the archive would make it. */
  now: string;
  wanted: string;
}

/** One member per path: a later entry of the same name replaces an earlier one, as tar does. */
export function byPath(members: Member[]): Member[] {
  return [...new Map(members.map((m) => [m.path, m])).values()];
}

/** With `ignoreMode` (the task sets a mode of its own, as Ansible's tar --diff check then ignores "Mode differs"). */
export function compareMembers(members: Member[], states: PathState[], ignoreMode = false): MemberDiff[] {
  const index = new Map(members.map((m) => [m.path, m]));
  const diffs: MemberDiff[] = [];
  members.forEach((m, i) => {
    const state = states[i] ?? { type: 'missing' };
    // A hard link must end up as the file it links to.
    const linked = m.type === 'hardlink' && m.target !== undefined ? index.get(relativePath(m.target)) : undefined;
    const want = linked ?? m;
    if (!same(want, state, ignoreMode))
      diffs.push({ path: m.path, now: describeState(state), wanted: describeMember(m, linked) });
  });
  return diffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function same(m: Member, s: PathState, ignoreMode: boolean): boolean {
  const modeOk = (mode: number) => ignoreMode || mode === m.mode;
  switch (m.type) {
    case 'file':
      return s.type === 'file' && modeOk(s.mode) && s.sha256 === m.sha256;
    case 'directory':
      return s.type === 'directory' && modeOk(s.mode);
    case 'symlink':
      return s.type === 'symlink' && s.target === m.target;
    case 'hardlink': // its target is not in the archive listing we read (include:): exists is all we know
      return s.type === 'file';
    case 'other':
      return s.type === 'other';
  }
}

const short = (hash?: string) => (hash ? `sha256:${hash.slice(0, 12)}` : 'sha256:?');

function describeMember(m: Member, linked?: Member): string {
  if (m.type === 'hardlink') return `hard link to ${m.target}${linked ? ` (${short(linked.sha256)})` : ''}`;
  if (m.type === 'file') return `file ${formatMode(m.mode)} ${short(m.sha256)}`;
  if (m.type === 'directory') return `directory ${formatMode(m.mode)}`;
  if (m.type === 'symlink') return `symlink -> ${m.target}`;
  return 'special file';
}

function describeState(s: PathState): string {
  if (s.type === 'file') return `file ${formatMode(s.mode)} ${short(s.sha256)}`;
  if (s.type === 'directory') return `directory ${formatMode(s.mode)}`;
  if (s.type === 'symlink') return `symlink -> ${s.target}`;
  return s.type === 'missing' ? 'missing' : 'special file';
}
