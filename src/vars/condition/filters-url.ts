// urlsplit: a URL's parts, as Ansible 2.14's filter gives Python's
// urllib.parse.urlsplit result (a mapping of its attributes, or one of them by
// name). Kubespray reads `mirror.host | urlsplit('netloc')` and
// `endpoint | urlsplit('hostname')` / `('port')`.
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';
import { pyStr } from './python-text.js';

export interface UrlParts {
  fragment: string;
  hostname: string | null;
  netloc: string;
  password: string | null;
  path: string;
  port: number | null;
  query: string;
  scheme: string;
  username: string | null;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** Python 3.11's urlsplit(url) with its properties read. */
export function urlParts(input: string): UrlParts {
  // As Python: leading control characters and spaces go, tabs and newlines anywhere too.
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  let netloc = '';
  if (url.startsWith('//')) {
    const rest = url.slice(2);
    const end = rest.search(/[/?#]/);
    netloc = end < 0 ? rest : rest.slice(0, end);
    url = end < 0 ? '' : rest.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw new Fault(`urlsplit: invalid IPv6 URL: ${input}`);
  }
  const [beforeHash, fragment = ''] = splitOnce(url, '#');
  const [path, query = ''] = splitOnce(beforeHash, '?');
  const { hostname, password, port, username } = netlocParts(netloc);
  // In name order, as Ansible lists the attributes.
  return { fragment, hostname, netloc, password, path, port, query, scheme, username };
}

function netlocParts(netloc: string): Pick<UrlParts, 'hostname' | 'password' | 'port' | 'username'> {
  const at = netloc.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : netloc.slice(0, at);
  const hostinfo = netloc.slice(at + 1);
  const [username, password] = userinfo === undefined ? [null, null] : splitOnce(userinfo, ':');
  let host: string;
  let portText: string;
  if (hostinfo.includes('[')) {
    const close = hostinfo.indexOf(']');
    host = hostinfo.slice(hostinfo.indexOf('[') + 1, close);
    portText = splitOnce(hostinfo.slice(close + 1), ':')[1] ?? '';
  } else {
    const [h, p = ''] = splitOnce(hostinfo, ':');
    host = h;
    portText = p;
  }
  return {
    hostname: host === '' ? null : host.toLowerCase(),
    password: password ?? null,
    port: port(portText),
    username,
  };
}

function port(text: string): number | null {
  if (text === '') return null;
  if (!/^[0-9]+$/.test(text)) throw new Fault(`urlsplit: Port could not be cast to integer value as '${text}'`);
  const n = Number(text);
  if (n > 65535) throw new Fault('urlsplit: Port out of range 0-65535');
  return n;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + sep.length)];
}

export const URL_FILTERS: [string, FilterDef][] = [
  [
    'urlsplit',
    {
      args: [0, 1],
      doc:
        "`x | urlsplit('hostname')`: a part of the URL (fragment, hostname, netloc, password, path, port, " +
        'query, scheme, username), or all of them as a mapping',
      run: (v, [part]) => {
        const parts = urlParts(pyStr(v));
        if (part === undefined || part === '') return parts;
        const name = pyStr(part);
        if (!Object.hasOwn(parts, name))
          throw new Fault(`urlsplit: unknown URL component: ${name}`, { arg: 0, hint: Object.keys(parts).join(', ') });
        return parts[name as keyof UrlParts];
      },
    },
  ],
];
