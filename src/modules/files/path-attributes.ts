// Mode, owner and group of one path (or of everything under a directory, for
// file's recurse), as Ansible's set_fs_attributes_if_different: owner first,
// since chown(2) clears setuid/setgid, then the mode.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import type { Change } from '../contract.js';
import { formatMode } from './mode.js';
import { modeFor, type ModeWanted } from './symbolic-mode.js';

export interface AttributesWanted {
  mode?: ModeWanted;
  uid?: number;
  gid?: number;
}

export interface Attributes {
  mode: number;
  uid: number;
  gid: number;
}

/** The attributes a path will have: the wanted ones over what it has. */
export function attributesAfter(have: Attributes, want: AttributesWanted, isDir: boolean): Attributes {
  return {
    mode: modeFor(want.mode, have.mode, isDir) ?? have.mode,
    uid: want.uid ?? have.uid,
    gid: want.gid ?? have.gid,
  };
}

/** What to run so that `path` has the wanted attributes; nothing when it has them. */
export function attributeSteps(
  conn: Connection,
  path: string,
  have: Attributes,
  want: AttributesWanted,
  isDir: boolean,
): { said: string[]; apply: () => Promise<void> } {
  const after = attributesAfter(have, want, isDir);
  const said: string[] = [];
  const owner = after.uid !== have.uid || after.gid !== have.gid;
  const mode = after.mode !== (have.mode & 0o7777);
  if (owner) said.push(`chown ${after.uid}:${after.gid} (was ${have.uid}:${have.gid})`);
  if (mode) said.push(`chmod ${formatMode(after.mode)} (was ${formatMode(have.mode)})`);
  return {
    said,
    async apply() {
      if (owner) await conn.chown(path, after.uid, after.gid);
      if (mode || (owner && after.mode & 0o6000)) await conn.chmod(path, after.mode);
    },
  };
}

/** Every entry under `dir` (links excluded, as their targets would be changed) whose attributes differ. */
export async function recursiveAttributeChange(
  conn: Connection,
  dir: string,
  want: AttributesWanted,
): Promise<Change[]> {
  const r = await conn.exec(`find ${shellJoin([dir])} -mindepth 1 ! -type l -printf '%y %m %U %G %p\\0'`);
  if (r.rc !== 0) throw new Error(`cannot list ${dir} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  const steps = r.stdout
    .split('\0')
    .filter((rec) => rec !== '')
    .map((rec) => {
      const [type = '', mode = '0', uid = '0', gid = '0'] = rec.split(' ', 4);
      const path = rec.split(' ').slice(4).join(' ');
      return attributeSteps(
        conn,
        path,
        { mode: parseInt(mode, 8), uid: Number(uid), gid: Number(gid) },
        want,
        type === 'd',
      );
    })
    .filter((s) => s.said.length > 0);
  if (steps.length === 0) return [];
  return [
    {
      summary: `set owner/mode of ${steps.length} entries under ${dir}`,
      async apply() {
        for (const s of steps) await s.apply();
      },
    },
  ];
}
