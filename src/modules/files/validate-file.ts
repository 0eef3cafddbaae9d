// `validate:`: the new content is checked by a command before it replaces the
// file. It goes to a temp file in the same directory as the destination (so the
// checker sees the same filesystem, and a later rename would stay atomic), with
// the mode and owner the file will get; the temp file is always removed.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuoteValue } from '../../quote.js';
import type { Connection, WriteOptions } from '../../transport/connection.js';
import type { ApplyResult } from '../contract.js';

export function validateTempPath(dest: string): string {
  return posix.join(posix.dirname(dest), `.${posix.basename(dest)}.runbook-validate-${randomBytes(6).toString('hex')}`);
}

/** Every `%s` becomes the quoted temp path; the rest is the user's shell line. */
export function validateCommand(command: string, tempPath: string): string {
  return command.replaceAll('%s', shellQuoteValue(tempPath));
}

/** Returns a failed result when the command rejects the content, else undefined. */
export async function validateContent(
  conn: Connection,
  dest: string,
  content: Buffer,
  command: string,
  attrs: WriteOptions,
): Promise<ApplyResult | undefined> {
  const temp = validateTempPath(dest);
  try {
    await conn.writeFile(temp, content, attrs);
    const cmd = validateCommand(command, temp);
    const r = await conn.exec(cmd);
    if (r.rc === 0) return undefined;
    const output = r.stderr.trim() || r.stdout.trim();
    return {
      failed: true,
      msg: `validation of the new ${dest} failed (exit code ${r.rc}), the file was left as it was${output ? `: ${output}` : ''}`,
      data: { validate: { cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr } },
    };
  } finally {
    await conn.unlink(temp).catch(() => undefined);
  }
}
