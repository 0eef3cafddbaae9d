// Shared by every module that puts a whole file (copy, template, lineinfile,
// env_file, toml): bring one file to the wanted content, mode and owner, with
// optional validation of the new content and a backup of the old one.
import { readFileFact, type FileFact } from '../../facts/file.js';
import type { FileStat } from '../../transport/connection.js';
import { backupFile } from './backup-file.js';
import type { Change, FileDiff, ModuleContext } from '../contract.js';
import type { FileOptions } from './file-options.js';
import { formatMode } from './mode.js';
import { validateContent } from './validate-file.js';

export interface WantedFile extends FileOptions {
  path: string;
  content: Buffer;
}

type WriteContext = Pick<ModuleContext, 'conn' | 'check'>;

export async function planFileWrite(ctx: WriteContext, want: WantedFile): Promise<Change[]> {
  return planWriteFrom(ctx, want, await readFileFact(ctx.conn, want.path));
}

/** As planFileWrite, for a module that has read the file already (to edit it). */
export function planWriteFrom(ctx: WriteContext, want: WantedFile, fact: FileFact): Change[] {
  if (fact.stat && fact.stat.type !== 'file') {
    throw new Error(`${want.path} exists and is a ${fact.stat.type}, not a regular file`);
  }
  if (fact.stat && fact.content?.equals(want.content)) return attributeChanges(ctx, want, fact.stat);
  // Checked only when the content is to change, as Ansible's modules do; before any change, so none is counted.
  if (want.validate && !want.validate.includes('%s')) throw new Error(`validate must contain %s: ${want.validate}`);
  return [contentChange(ctx, want, fact)];
}

// New content: validate it, back up the old file, then one atomic write that also
// sets mode and owner.
function contentChange({ conn, check }: WriteContext, want: WantedFile, fact: FileFact): Change {
  const { path, content } = want;
  const { stat, content: old } = fact;
  const notes = [`${content.length} bytes`];
  if (want.validate) notes.push(check ? 'validation not run in check mode' : `validated by: ${want.validate}`);
  if (want.backup && old) notes.push('old file backed up');
  return {
    summary: `write ${path} (${notes.join(', ')})`,
    diff: fileDiff(path, old, content),
    async apply() {
      const attrs = { mode: want.mode, uid: want.uid, gid: want.gid };
      if (want.validate) {
        const asItWillBe = { mode: attrs.mode ?? stat?.mode, uid: attrs.uid ?? stat?.uid, gid: attrs.gid ?? stat?.gid };
        const rejected = await validateContent(conn, path, content, want.validate, asItWillBe);
        if (rejected) return rejected;
      }
      const backup = want.backup && old && stat ? await backupFile(conn, path) : undefined;
      await conn.writeFile(path, content, attrs);
      return backup ? { data: { backup_file: backup } } : undefined;
    },
  };
}

/** Mode and owner changes alone, for a file whose content is already right. */
export function attributeChanges({ conn }: WriteContext, want: WantedFile, st: FileStat): Change[] {
  const changes: Change[] = [];
  const { path } = want;
  const uid = want.uid ?? st.uid;
  const gid = want.gid ?? st.gid;
  const mode = want.mode ?? st.mode & 0o7777;
  if (uid !== st.uid || gid !== st.gid) {
    changes.push({
      summary: `chown ${uid}:${gid} ${path} (was ${st.uid}:${st.gid})`,
      async apply() {
        await conn.chown(path, uid, gid);
        // chown(2) clears setuid/setgid bits: set them again.
        if (mode & 0o6000) await conn.chmod(path, mode);
      },
    });
  }
  if ((st.mode & 0o7777) !== mode) {
    changes.push({
      summary: `chmod ${formatMode(mode)} ${path} (was ${formatMode(st.mode)})`,
      apply: () => conn.chmod(path, mode),
    });
  }
  return changes;
}

function isText(buf: Buffer): boolean {
  return !buf.subarray(0, 8000).includes(0);
}

export function fileDiff(path: string, before: Buffer | null, after: Buffer): FileDiff {
  const old = before ?? Buffer.alloc(0);
  if (!isText(old) || !isText(after)) {
    return { path, before: `(binary, ${old.length} bytes)`, after: `(binary, ${after.length} bytes)`, binary: true };
  }
  return { path, before: old.toString('utf8'), after: after.toString('utf8') };
}
