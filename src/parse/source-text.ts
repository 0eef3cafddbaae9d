// The bytes of an input file (playbook, inventory, vars file) → its text, or a
// RunbookError that says why it is not a text runbook can read: too big to be
// a real input, not UTF-8, or holding control characters. Checked before any
// parser sees the text, so a binary or hostile file fails fast and with a
// position instead of as odd YAML errors, a hang or a terminal full of garbage.

import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { RunbookError } from '../errors.js';

/**
 * Larger inputs are refused before they are read. The biggest real ones
 * (inventories of thousands of hosts, vars files with embedded certificates)
 * stay far below; parsing 50 MB of YAML takes many seconds.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

// What YAML (and PyYAML, which Ansible uses) refuses to read: C0 controls other
// than tab, LF and CR; DEL; C1 controls other than NEL; the noncharacters U+FFFE/U+FFFF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads an input file's text; `what` names it in the messages ("playbook", "inventory"). */
export function readInputText(
  file: string,
  what: string,
  cannotRead: (file: string, what: string, err: unknown) => RunbookError,
): string {
  let bytes: Buffer;
  const tooBig = (size: string): RunbookError =>
    new RunbookError(
      'usage',
      `${what} ${file} is ${size}; runbook reads input files of up to ${megabytes(MAX_INPUT_BYTES)}`,
      {
        hint: 'is it the right file? split large variables into several files under group_vars/ or host_vars/',
      },
    );
  try {
    const st = statSync(file);
    if (st.size > MAX_INPUT_BYTES) throw tooBig(megabytes(st.size));
    // A pipe (-i <(script)) or a device has no size: read at most one byte past the limit.
    bytes = st.isFile() || st.isDirectory() ? readFileSync(file) : readCapped(file, what);
    if (bytes.length > MAX_INPUT_BYTES) throw tooBig(`more than ${megabytes(MAX_INPUT_BYTES)}`);
  } catch (err) {
    if (err instanceof RunbookError) throw err;
    throw cannotRead(file, what, err);
  }
  return checkInputText(decodeUtf8(bytes, file, what), file);
}

/** The text without its byte-order mark, or an error at the first control character. */
export function checkInputText(text: string, file: string): string {
  const clean = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const bad = CONTROL.exec(clean);
  if (bad) {
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new RunbookError('yaml', `control character ${code} in the file`, {
      ...where(clean, bad.index, file),
      hint:
        code === 'U+0000'
          ? 'this looks like a binary file, not text'
          : 'remove it; inside a double-quoted YAML string write it as an escape, e.g. "\\x07"',
    });
  }
  return clean;
}

function decodeUtf8(bytes: Buffer, file: string, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    // Decoding the valid part gives the position in characters, as an editor shows it.
    const before = bytes.subarray(0, at).toString('utf8');
    throw new RunbookError(
      'yaml',
      `${what} is not UTF-8 text (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at})`,
      {
        ...where(before, before.length, file),
        hint: bytes.includes(0)
          ? 'this looks like a binary file, not text'
          : 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
      },
    );
  }
}

// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

// file:line:col of a character offset, and the line (controls shown by formatError as escapes).
function where(
  text: string,
  offset: number,
  file: string,
): { source: { file: string; line: number; col: number }; excerpt: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(0, lineStart).split('\n').length;
  const excerpt = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, '');
  return { source: { file, line, col: offset - lineStart + 1 }, excerpt };
}

// A pipe (-i <(script)) or a device is read without blocking: a named pipe no
// program writes to would otherwise hold the process in open() or read() for
// ever, where not even SIGTERM reaches it (parsing is synchronous). It must give
// its data as it comes, with no pause of PIPE_PATIENCE_MS.
const PIPE_PATIENCE_MS = 1500;
const pause = new Int32Array(new SharedArrayBuffer(4));

function readCapped(file: string, what: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let n = 0;
    let idleSince = Date.now();
    while (n < buf.length) {
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        if (Date.now() - idleSince > PIPE_PATIENCE_MS)
          throw stalled(file, what, `gave no data for ${PIPE_PATIENCE_MS / 1000} s after ${n} bytes`);
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (got === 0) break;
      n += got;
      idleSince = Date.now();
    }
    if (n === 0 && fstatSync(fd).isFIFO()) throw stalled(file, what, 'no program writes to');
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function stalled(file: string, what: string, why: string): RunbookError {
  return new RunbookError('usage', `${what} ${file} is a pipe or device that ${why}`, {
    hint: 'write the output to a file first and give that file',
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
