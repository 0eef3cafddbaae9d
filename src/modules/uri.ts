// uri: an HTTP request from the host, with Ansible's uri results (ansible-core
// 2.14): status, url, redirected, msg ("OK (N bytes)"), every response header
// lower-cased with - as _ (content_type, …), json when the body is JSON, content
// with return_content, elapsed; a status outside status_code fails "Status code
// was N and not [...]: …". A change only when `dest` is written (http/uri-files.ts:
// dest, src); creates/removes leave the task ok; skipped under --check (Ansible's
// uri has no check mode). Role checks such as `until: r.status == 200` and
// `until: r.json.ready` read the same fields.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { curlRequest, type HttpResponse } from './http/curl-request.js';
import { planDest, srcBody, writtenFields } from './http/uri-files.js';

const schema = {
  type: 'object',
  properties: {
    url: { type: 'string', pattern: '^https?://', description: 'an http:// or https:// URL' },
    method: { type: 'string', pattern: '^[A-Z]+$', description: 'GET (default), POST, PUT, …: one upper-case word' },
    body: { description: 'the request body: text, or data for body_format json / form-urlencoded' },
    body_format: { enum: ['raw', 'json', 'form-urlencoded'], description: 'default raw' },
    headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    status_code: {
      type: ['array', 'integer', 'string'],
      items: { type: ['integer', 'string'], pattern: '^[0-9]+$' },
      pattern: '^[0-9]+(\\s*,\\s*[0-9]+)*$',
      description: 'the statuses that count as success (default [200])',
    },
    return_content: { type: 'boolean', description: 'return the body as `content` (default false)' },
    validate_certs: { type: 'boolean', description: 'check the https certificate (default true)' },
    timeout: { type: 'integer', minimum: 1, description: 'seconds for the whole request (default 30)' },
    follow_redirects: {
      enum: ['all', 'yes', 'safe', 'none', 'no', 'urllib2'],
      description: 'default safe: only for GET and HEAD',
    },
    url_username: { type: 'string' },
    url_password: { type: 'string' },
    force_basic_auth: { type: 'boolean' },
    dest: {
      type: 'string',
      minLength: 1,
      description: 'write the response body to this file on the host (or into this directory)',
    },
    src: {
      type: 'string',
      minLength: 1,
      description: 'send this file as the body: under files/ on the controller, or on the host with remote_src',
    },
    remote_src: { type: 'boolean', description: 'src is a file on the host (default false)' },
    creates: { type: 'string', minLength: 1, description: 'do nothing when this path exists on the host' },
    removes: { type: 'string', minLength: 1, description: 'do nothing when this path does not exist on the host' },
  },
  required: ['url'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const uri: ModuleDef<Args> = {
  name: 'uri',
  summary: "make an HTTP request from the host and return its status, headers, body and JSON (Ansible's uri)",
  checkMode: 'skip',
  // validate checks that src is under files/ (unless remote_src).
  controllerSource: { kind: 'files' },
  schema,
  async plan(args, ctx) {
    if (ctx.check) return { changes: [], skipped: 'remote module (uri) does not support check mode' };
    // As Ansible: ok, not skipped, with the reason as stdout.
    if (args.creates && (await ctx.conn.stat(args.creates)))
      return { changes: [], data: { stdout: `skipped, since '${args.creates}' exists` } };
    if (args.removes && !(await ctx.conn.stat(args.removes)))
      return { changes: [], data: { stdout: `skipped, since '${args.removes}' does not exist` } };
    if (args.src !== undefined && args.body !== undefined)
      return { changes: [], failed: 'parameters are mutually exclusive: body|src' };
    const method = args.method ?? 'GET';
    const statuses = statusList(args.status_code);
    let { body, contentType } = requestBody(args);
    if (args.src !== undefined) {
      const read = await srcBody(ctx, args.src, args.remote_src ?? false);
      if (typeof read === 'string') return { changes: [], failed: read };
      body = read;
    }
    const headers = Object.fromEntries(Object.entries(args.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const dest = args.dest === undefined ? undefined : await planDest(ctx.conn, args.dest, args.url);
    if (dest?.ifModifiedSince) headers['If-Modified-Since'] = dest.ifModifiedSince;
    if (contentType && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['Content-Type'] = contentType;
    const follow = args.follow_redirects ?? 'safe';
    const started = Date.now();
    const res = await curlRequest(
      ctx.conn,
      {
        url: args.url,
        method,
        headers,
        body,
        timeoutS: args.timeout ?? 30,
        followRedirects:
          follow === 'all' ||
          follow === 'yes' ||
          ((follow === 'safe' || follow === 'urllib2') && (method === 'GET' || method === 'HEAD')),
        insecure: args.validate_certs === false,
        auth:
          args.url_username !== undefined ? { user: args.url_username, password: args.url_password ?? '' } : undefined,
      },
      ctx.signal,
    );
    const data = resultFields(args, res, Math.floor((Date.now() - started) / 1000));
    if (dest) Object.assign(data, await writtenFields(ctx.conn, dest.path));
    if (!statuses.includes(res.status))
      return {
        changes: [],
        data,
        failed: `Status code was ${res.status} and not [${statuses.join(', ')}]: ${String(data.msg)}`,
      };
    if (!dest || res.status === 304) return { changes: [], data, msg: String(data.msg) };
    const path = dest.path;
    const write = {
      summary: `write the response to ${path} (${res.body.length} bytes)`,
      async apply() {
        await ctx.conn.writeFile(path, res.body);
        return { data: { ...data, ...(await writtenFields(ctx.conn, path)) } };
      },
    };
    return { changes: [write], data, msg: String(data.msg) };
  },
};

/** Ansible's list of ints: a list, one number, or "200, 201". */
function statusList(v: Args['status_code']): number[] {
  if (v === undefined) return [200];
  const items = Array.isArray(v) ? v : String(v).split(',');
  return items.map((x) => Number(String(x).trim()));
}

function requestBody(args: Args): { body?: Buffer; contentType?: string } {
  if (args.body === undefined || args.body === null) return {};
  const format = args.body_format ?? 'raw';
  if (format === 'json')
    return {
      body: Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body)),
      contentType: 'application/json',
    };
  if (format === 'form-urlencoded') {
    const pairs =
      typeof args.body === 'object'
        ? Object.entries(args.body as Record<string, unknown>).map(([k, v]) => [k, String(v)])
        : [];
    const text = typeof args.body === 'string' ? args.body : new URLSearchParams(pairs).toString();
    return { body: Buffer.from(text), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: Buffer.from(typeof args.body === 'string' ? args.body : JSON.stringify(args.body)) };
}

const JSON_TYPES = new Set(['json', 'javascript']);

function resultFields(args: Args, res: HttpResponse, elapsed: number): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.replace(/-/g, '_'), v]));
  const msg =
    res.status === -1
      ? `Request failed: ${res.error ?? 'no response'}`
      : res.status >= 400 || res.status === 304
        ? `HTTP Error ${res.status}: ${res.reason}`
        : `OK (${res.headers['content-length'] ?? 'unknown'} bytes)`;
  const data: Record<string, unknown> = {
    ...headers,
    url: res.url,
    status: res.status,
    redirected: res.url !== args.url,
    elapsed,
    msg,
    cookies: {},
    cookies_string: '',
  };
  const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const sub = type.split('/')[1] ?? '';
  const text = res.body.toString('utf8');
  if (JSON_TYPES.has(sub.includes('+') ? sub.split('+')[1]! : sub)) {
    try {
      data.json = JSON.parse(text);
    } catch {
      // Not JSON after all: Ansible leaves json out.
    }
  }
  if (args.return_content) data.content = text;
  return data;
}
