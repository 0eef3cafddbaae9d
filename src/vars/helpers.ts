// Template helpers. The quoting helpers exist so a value built from variables can
// never break out of the string it is placed in (shell command or TOML string).
import { shellQuoteValue, tomlString } from '../quote.js';
import { dockerSizeQuantity } from './docker-size.js';

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
  hb.registerHelper('docker_size_quantity', (value) => dockerSizeQuantity(String(value)));
  hb.registerHelper('eq', (a, b) => a === b);
  hb.registerHelper('ne', (a, b) => a !== b);
}
