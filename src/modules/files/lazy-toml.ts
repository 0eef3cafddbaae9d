// @iarna/toml, loaded by the first TOML read or write: its 14 files cost every
// run's start about 14 ms, and only the runs that use toml or template a .toml need it.
import { createRequire } from 'node:module';
import type * as Toml from '@iarna/toml';

let loaded: typeof Toml | undefined;
const load = (): typeof Toml => (loaded ??= createRequire(import.meta.url)('@iarna/toml') as typeof Toml);

/** @iarna/toml's parse and stringify. */
const TOML = {
  parse: (text: string): Toml.JsonMap => load().parse(text),
  stringify: (table: Toml.JsonMap): string => load().stringify(table),
};
// The type TOML.JsonMap, beside the value, as with the package itself.
declare namespace TOML {
  type JsonMap = Toml.JsonMap;
}
export default TOML;
