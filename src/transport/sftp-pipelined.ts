// Whole-file reads and writes over SFTP in as few round trips as the protocol
// allows. The server answers requests on a session in order, so requests that do
// not depend on each other's answers are sent together and awaited together:
//   read:  open │ fstat + first read │ (more reads only for large or size-0 files) │ close unawaited
//   write: stat of the old file + open │ writes + fchmod + close │ rename
// (ssh2's own readFile waits for open, fstat, each read and close in turn: 4+ round
// trips for a small file, where this takes 2.)
import type { SFTPWrapper, Stats } from 'ssh2';

/** Bytes asked for per read: every SFTP server must serve reads of 32 KiB (draft-ietf-secsh-filexfer). */
const CHUNK = 32 * 1024;

// A fresh 32 KiB buffer a read (outside Node's small-buffer pool) made a re-run of
// many small files spend its time in the garbage collector. A buffer goes back here
// only from its read's answer: ssh2 writes into it until then.
const SPARE_BUFFERS = 16;
const readBuffers: Buffer[] = [];

type Call = <T>(fn: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, v?: T) => void) => void) => Promise<T>;

/**
 * Reads `path` whole. `call` runs one request and maps its error (ENOENT and the rest).
 * `statSize`, a size the caller's stat just gave, spares the fstat request.
 */
export async function readWhole(call: Call, path: string, statSize?: number): Promise<Buffer> {
  const handle = await call<Buffer>((s, cb) => s.open(path, 'r', cb));
  const readAt = (pos: number): Promise<Buffer> =>
    call<Buffer>((s, cb) => {
      const buf = readBuffers.pop() ?? Buffer.allocUnsafe(CHUNK);
      s.read(handle, buf, 0, CHUNK, pos, (err, n) => {
        if (err) return cb(err);
        // The answer's bytes copied out, the 32 KiB buffer kept for the next read.
        const got = Buffer.from(buf.subarray(0, n));
        if (readBuffers.length < SPARE_BUFFERS) readBuffers.push(buf);
        cb(null, got);
      });
    });
  try {
    const [size, first] =
      statSize === undefined
        ? await Promise.all([call<Stats>((s, cb) => s.fstat(handle, cb)).then((st) => st.size), readAt(0)])
        : [statSize, await readAt(0)];
    const chunks = [first];
    let pos = first.length;
    // Done when the size fstat gave is read. A size of 0 (a /proc file) or a file that
    // grew: read on to the end of the file (a read of 0 bytes). The caller's size is a
    // round trip older: it ends the read only when the read also came short (the end
    // of a regular file), so a file that grew past it meanwhile is read on.
    const complete = size > 0 && pos >= size && (statSize === undefined || first.length < CHUNK);
    if (!complete && first.length > 0) {
      for (let more = await readAt(pos); more.length > 0; more = await readAt(pos)) {
        chunks.push(more);
        pos += more.length;
      }
    }
    return Buffer.concat(chunks);
  } finally {
    // Unawaited: later requests on this session are answered after it anyway.
    call((s, cb) => s.close(handle, cb)).catch(() => undefined);
  }
}

export interface NewFileAttrs {
  mode: number;
  uid?: number;
  gid?: number;
}

/**
 * Writes `data` to the new file `tmp` (mode 0600 until its mode is set) and closes it.
 * `attrs` may still be coming (from a stat sent with the open); when it fails, so does this.
 */
export async function writeNew(call: Call, tmp: string, data: Buffer, attrs: Promise<NewFileAttrs>): Promise<void> {
  const [opened, decided] = await Promise.allSettled([
    call<Buffer>((s, cb) => s.open(tmp, 'wx', { mode: 0o600 }, cb)),
    attrs,
  ]);
  if (decided.status === 'rejected') {
    if (opened.status === 'fulfilled') await call((s, cb) => s.close(opened.value, cb)).catch(() => undefined);
    throw decided.reason;
  }
  if (opened.status === 'rejected') throw opened.reason;
  const handle = opened.value;
  const { mode, ...owner } = decided.value;
  // Every chunk at its offset, all sent at once (ssh2 would send a large write's
  // chunks one after another, after a close sent meanwhile).
  const chunks: Promise<unknown>[] = [];
  for (let off = 0; off < data.length || off === 0; off += CHUNK) {
    const len = Math.min(CHUNK, data.length - off);
    chunks.push(call((s, cb) => (len === 0 ? cb(null) : s.write(handle, data, off, len, off, cb))));
  }
  const write = Promise.all(chunks);
  if (owner.uid !== undefined || owner.gid !== undefined) {
    try {
      await write;
      // Owner before mode: chown clears setuid/setgid bits. Only when it differs:
      // a login that is not root may not chown even to the same owner everywhere.
      const st = await call<Stats>((s, cb) => s.fstat(handle, cb));
      if (st.uid !== (owner.uid ?? st.uid) || st.gid !== (owner.gid ?? st.gid)) {
        await call((s, cb) => s.fchown(handle, owner.uid ?? st.uid, owner.gid ?? st.gid, cb));
      }
    } catch (err) {
      await call((s, cb) => s.close(handle, cb)).catch(() => undefined);
      throw err;
    }
  }
  const settled = await Promise.allSettled([
    write,
    call((s, cb) => s.fchmod(handle, mode, cb)),
    call((s, cb) => s.close(handle, cb)),
  ]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    if (settled[2]!.status === 'rejected') await call((s, cb) => s.close(handle, cb)).catch(() => undefined);
    throw failed.reason;
  }
}
