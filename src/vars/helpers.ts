// Template helpers. The quoting helpers exist so a value built from variables can
// never break out of the string it is placed in (shell command or TOML string).
import { shellQuoteValue, tomlString } from '../quote.js';

type Hb = { registerHelper(name: string, fn: (...args: unknown[]) => unknown): void };

export function registerHelpers(hb: Hb): void {
  hb.registerHelper('shell_quote', (value) => shellQuoteValue(value));
  hb.registerHelper('toml_string', (value) => tomlString(value));
  hb.registerHelper('json', (value) => JSON.stringify(value));
  // Helper parameters are not strict-checked, so `{{default port 8080}}` works when port is unset.
  hb.registerHelper('default', (value, fallback) => (value === undefined || value === null ? fallback : value));
  hb.registerHelper('trim', (value) => String(value).trim());
  hb.registerHelper('first', (value) => (Array.isArray(value) ? value[0] : value));
  // `{{first (without groups.kube_control_plane inventory_hostname)}}`: the list less the values named.
  hb.registerHelper('without', (list, ...rest) => {
    const drop = new Set(rest.slice(0, -1)); // the last argument is Handlebars' options object
    return Array.isArray(list) ? list.filter((x) => !drop.has(x)) : [];
  });
  // `{{json_get daemon_json.stdout "log-opts" "max-size"}}`: a value inside JSON text, '' when absent or unreadable.
  hb.registerHelper('json_get', (text, ...rest) => {
    const keys = rest.slice(0, -1).map(String); // the last argument is Handlebars' options object
    let cur: unknown;
    try {
      cur = JSON.parse(String(text));
    } catch {
      return '';
    }
    for (const k of keys) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
    return cur === undefined || cur === null ? '' : typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
  });
  // Docker's log max-size ("100m": 1024-based k/m/g) as a Kubernetes quantity ("100Mi") for kubelet;
  // kubelet would read "100m" as a tenth of a byte.
  hb.registerHelper('docker_size_quantity', (value) => {
    const m = /^\s*(\d+)\s*([kmg])?b?\s*$/i.exec(String(value));
    if (!m) return String(value);
    const unit = m[2] ? { k: 'Ki', m: 'Mi', g: 'Gi' }[m[2].toLowerCase() as 'k' | 'm' | 'g'] : '';
    return `${m[1]}${unit}`;
  });
  hb.registerHelper('eq', (a, b) => a === b);
  hb.registerHelper('ne', (a, b) => a !== b);
}
