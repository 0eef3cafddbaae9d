// One HTTP request made by the host's curl (as Ansible's uri runs on the target),
// returning the status, the final URL, the last response's headers and the
// body. The body to send goes on stdin; headers and body come back in one
// output, the body base64-encoded (it may be binary).
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import { certificateError } from './tls-error.js';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutS: number;
  followRedirects: boolean;
  insecure: boolean;
  auth?: { user: string; password: string };
}

export interface HttpResponse {
  /** -1 when no response came (as Ansible reports a failed connection). */
  status: number;
  reason: string;
  url: string;
  /** Lower-case names, as Ansible returns them. */
  headers: Record<string, string>;
  body: Buffer;
  /** Why no response came (curl's words). */
  error?: string;
}

export async function curlRequest(conn: Connection, req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
  // HEAD through --head: with `-X HEAD` curl waits for the body Content-Length announces,
  // and fails ("transfer closed with N bytes remaining") where Ansible's HEAD succeeds.
  const argv = [
    'curl',
    '-sS',
    ...(req.method === 'HEAD' ? ['--head'] : ['-X', req.method]),
    '--max-time',
    String(req.timeoutS),
    '-D',
    '"$h"',
    '-o',
    '"$b"',
    '-w',
    '%{http_code} %{url_effective}',
  ];
  if (req.followRedirects) argv.push('-L', '--max-redirs', '10');
  if (req.insecure) argv.push('--insecure');
  for (const [k, v] of Object.entries(req.headers)) argv.push('-H', `${k}: ${v}`);
  if (req.auth) argv.push('--basic', '-u', `${req.auth.user}:${req.auth.password}`);
  if (req.body !== undefined) argv.push('--data-binary', '@-');
  argv.push('--', req.url);
  // "$h"/"$b" stay unquoted by shellJoin so the shell expands them.
  const curl = argv.map((w) => (w === '"$h"' || w === '"$b"' ? w : shellJoin([w]))).join(' ');
  const script =
    `h=$(mktemp) b=$(mktemp); ${curl}${req.body === undefined ? ' </dev/null' : ''}; rc=$?; ` +
    `printf '\\n@@H\\n'; cat "$h"; printf '\\n@@B\\n'; base64 -w0 "$b"; rm -f "$h" "$b"; exit $rc`;
  const r = await conn.exec(script, { stdin: req.body, signal });
  const [head = '', rest = ''] = r.stdout.split('\n@@H\n');
  const [rawHeaders = '', b64 = ''] = rest.split('\n@@B\n');
  const [code = '0', ...urlWords] = head.trim().split(' ');
  const status = r.rc === 0 ? Number(code) : -1;
  const blocks = rawHeaders.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b.trim()));
  const last = blocks.at(-1)?.trim() ?? '';
  const [statusLine = '', ...lines] = last.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return {
    status,
    reason: statusLine.replace(/^HTTP\/\S+\s+\d+\s*/, ''),
    url: urlWords.join(' ') || req.url,
    headers,
    body: Buffer.from(b64.trim(), 'base64'),
    error: r.rc === 0 ? undefined : curlError(r.stderr),
  };
}

/** Why curl got no response: Ansible's words for a refused certificate, else curl's first line. */
function curlError(stderr: string): string {
  return (
    certificateError(stderr) ??
    stderr
      .trim()
      .split('\n')[0]!
      .replace(/^curl: \(\d+\)\s*/, '')
  );
}
