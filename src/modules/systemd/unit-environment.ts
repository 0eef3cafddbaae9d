// A unit's environment as systemd gives its ExecStart=: Environment= values,
// then EnvironmentFile= ones over them (whatever their order in the files),
// with where each variable came from. A missing EnvironmentFile= without a
// leading `-` stops the unit, so it is reported.
import type { Connection } from '../../transport/connection.js';
import { envValue, parseEnvFile } from '../files/env-file-format.js';
import { unitWords, type UnitDirective } from './unit-text.js';

export interface UnitEnvironment {
  env: Map<string, string>;
  /** Variable → the file that set it last, and whether that file is an EnvironmentFile=. */
  origin: Map<string, { file: string; envFile: boolean }>;
  /** EnvironmentFile= paths that exist. */
  envFiles: string[];
  /** An EnvironmentFile= that must exist and does not: where it was named. */
  missing?: { path: string; in: string };
}

export async function unitEnvironment(
  conn: Connection,
  directives: readonly UnitDirective[],
): Promise<UnitEnvironment> {
  const out: UnitEnvironment = { env: new Map(), origin: new Map(), envFiles: [] };
  const set = (key: string, value: string, file: string, envFile: boolean) => {
    out.env.set(key, value);
    out.origin.set(key, { file, envFile });
  };
  for (const d of directives.filter((x) => x.key === 'Environment')) {
    for (const word of unitWords(d.value)) {
      const eq = word.indexOf('=');
      if (eq > 0) set(word.slice(0, eq), word.slice(eq + 1), d.file, false);
    }
  }
  for (const d of directives.filter((x) => x.key === 'EnvironmentFile')) {
    const path = d.value.replace(/^-/, '');
    const text = (await conn.readFile(path))?.toString('utf8');
    if (text === undefined) {
      if (!d.value.startsWith('-')) out.missing ??= { path, in: d.file };
      continue;
    }
    out.envFiles.push(path);
    for (const key of new Set(parseEnvFile(text).flatMap((l) => (l.key ? [l.key] : [])))) {
      const value = envValue(text, key);
      if (value !== undefined) set(key, value, path, true);
    }
  }
  return out;
}
