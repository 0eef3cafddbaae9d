// get_url `via: controller`: the controller fetches (for hosts that cannot reach
// the URL) and uploads the bytes over the connection.
import { createHash } from 'node:crypto';
import type { Connection } from '../../transport/connection.js';
import type { Downloader } from './download.js';

// Like the host's curl: `timeoutS` bounds connecting and each stall, not the whole body.
// `task` is the task's signal: its `timeout:` stops the transfer.
async function fetchBody(
  url: string,
  timeoutS: number,
  task: AbortSignal,
): Promise<Buffer & { contentLength?: string }> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Error(`no data for ${timeoutS} s`)), timeoutS * 1000);
  };
  arm();
  try {
    const res = await fetch(url, { signal: AbortSignal.any([abort.signal, task]), redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
    }
    const chunks: Buffer[] = [];
    if (res.body) {
      for await (const chunk of res.body) {
        chunks.push(Buffer.from(chunk));
        arm();
      }
    }
    return Object.assign(Buffer.concat(chunks), { contentLength: res.headers.get('content-length') ?? undefined });
  } catch (err) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, …) is the cause.
    const cause = (err as { cause?: { message?: string } }).cause;
    throw new Error(cause?.message ?? (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function controllerDownloader(conn: Connection, timeoutS: number, task: AbortSignal): Downloader {
  return {
    text: async (url) => (await fetchBody(url, timeoutS, task)).toString('utf8'),
    async hash(url) {
      const body = await fetchBody(url, timeoutS, task);
      return { sha256: sha256(body), contentLength: body.contentLength };
    },
    async save(url, tmp) {
      const body = await fetchBody(url, timeoutS, task);
      await conn.writeFile(tmp, body, { mode: 0o600 });
      return { sha256: sha256(body), contentLength: body.contentLength };
    },
  };
}
