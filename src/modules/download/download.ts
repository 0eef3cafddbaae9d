// How get_url fetches bytes. On the host: curl, or wget when curl is missing.
// Each way can read a small text (a checksum file), hash a body without keeping
// it, or save a body to a temp path on the host; mirrors are tried in order.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import { certificateError } from '../http/tls-error.js';

export interface Saved {
  sha256: string;
  /** The response's Content-Length header, when it had one (Ansible's "OK (N bytes)"). */
  contentLength?: string;
}

export interface Downloader {
  /** The body as text (checksum files). */
  text(url: string): Promise<string>;
  /** sha256 of the body; nothing is written anywhere. */
  hash(url: string): Promise<Saved>;
  /** Saves the body at `tmp` on the host; leaves no file when it fails. */
  save(url: string, tmp: string): Promise<Saved>;
}

/** The first URL for which `attempt` succeeds; when all fail, one error naming each URL and why. */
export async function firstWorking<T>(
  urls: string[],
  attempt: (url: string) => Promise<T>,
): Promise<{ url: string; value: T }> {
  const errors: string[] = [];
  for (const url of urls) {
    try {
      return { url, value: await attempt(url) };
    } catch (err) {
      errors.push(`${url}: ${(err as Error).message}`);
    }
  }
  const what = urls.length === 1 ? 'download failed' : `all ${urls.length} URLs failed`;
  throw new Error(`${what}: ${errors.join('; ')}`);
}

// Timeouts bound connecting and stalls, not the whole transfer: a large file on
// a slow link is fine as long as bytes keep coming.
function fetchCommand(url: string, out: string, timeoutS: number, o: HostOptions): string {
  const insecure = o.insecure === true;
  const auth = o.credentials !== undefined;
  const t = String(timeoutS);
  // curl also prints the Content-Length header it got: after the body when it
  // goes to stdout, else on stdout (%{stderr} switches where -w writes).
  const length = ['-w', `${out === '-' ? '%{stderr}' : ''}CL=%header{content-length}\\n`];
  const curl = shellJoin([
    'curl',
    '-fsSL',
    ...(insecure ? ['--insecure'] : []),
    // Credentials come as curl's config on stdin: on the command line any user of the host could read them.
    ...(auth ? ['-K', '-'] : []),
    ...length,
    '--connect-timeout',
    t,
    '--speed-limit',
    '1',
    '--speed-time',
    t,
    '-o',
    out,
    '--',
    url,
  ]);
  const wget = shellJoin([
    'wget',
    '-nv',
    ...(insecure ? ['--no-check-certificate'] : []),
    '--tries=1',
    `--timeout=${t}`,
    '-O',
    out,
    '--',
    url,
  ]);
  const noWget = "echo 'a download with url_username needs curl on the host' >&2; exit 127";
  return (
    `if command -v curl >/dev/null 2>&1; then ${curl}; elif command -v wget >/dev/null 2>&1; then ${auth ? noWget : wget}; ` +
    `else echo 'neither curl nor wget is installed' >&2; exit 127; fi`
  );
}

function failure(r: { rc: number; stderr: string }): Error {
  const refused = certificateError(r.stderr);
  // Ansible's get_url: "Request failed: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] …>".
  if (refused) return new Error(`Request failed: ${refused}`);
  // The CL= line is curl's -w output, not an error.
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('CL='));
  return new Error(lines[lines.length - 1] ?? `exit code ${r.rc}`);
}

function hexIn(stdout: string): string {
  const hex = /^\\?([0-9a-f]{64})/m.exec(stdout)?.[1];
  if (!hex) throw new Error(`no sha256 in output: ${stdout.slice(0, 100)}`);
  return hex;
}

export interface HostOptions {
  /** No check of the server's certificate (Ansible's validate_certs: false). */
  insecure?: boolean;
  /** HTTP basic authentication (Ansible's url_username / url_password). */
  credentials?: { user: string; password: string };
}

// curl's config syntax: a quoted value with \ and " escaped.
function curlConfig(o: HostOptions): { stdin?: string } {
  if (!o.credentials) return {};
  const quoted = `${o.credentials.user}:${o.credentials.password}`.replace(/[\\"]/g, '\\$&');
  return { stdin: `user = "${quoted}"\n` };
}

export function hostDownloader(conn: Connection, timeoutS: number, o: HostOptions = {}): Downloader {
  const input = curlConfig(o);
  return {
    async text(url) {
      const r = await conn.exec(fetchCommand(url, '-', timeoutS, o), input);
      if (r.rc !== 0) throw failure(r);
      return r.stdout;
    },
    async hash(url) {
      // pipefail: a failed download must not pass for the hash of an empty body.
      const r = await conn.exec(
        shellJoin(['bash', '-o', 'pipefail', '-c', `${fetchCommand(url, '-', timeoutS, o)} | sha256sum`]),
        input,
      );
      if (r.rc !== 0) throw failure(r);
      return { sha256: hexIn(r.stdout), contentLength: /^CL=(\d+)$/m.exec(r.stderr)?.[1] };
    },
    async save(url, tmp) {
      const q = shellJoin([tmp]);
      // A task timeout sends the whole command SIGTERM: the partial file goes too.
      const trap = `t=${q}; trap 'rm -f -- "$t"; exit 143' TERM; `;
      const r = await conn.exec(
        `${trap}{ ${fetchCommand(url, tmp, timeoutS, o)}; } && sha256sum -- ${q} || { rc=$?; rm -f -- ${q}; exit $rc; }`,
        input,
      );
      if (r.rc !== 0) throw failure(r);
      const contentLength = /^CL=(\d+)$/m.exec(r.stdout)?.[1];
      return { sha256: hexIn(r.stdout), contentLength };
    },
  };
}
