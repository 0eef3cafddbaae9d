// OpenSSH's client config (~/.ssh/config or --ssh-config), read with the
// `ssh-config` package: Host patterns, `Match host`, first value wins. Only the
// keywords of SshOptions are used; others (ForwardAgent, ControlMaster, …) are
// ignored as they do not apply without the ssh binary. `Match exec` is never run.
import { readFileSync } from 'node:fs';
import SSHConfig from 'ssh-config';
import { RunbookError } from '../errors.js';
import { isSupportedOption, mergeSshOptions, readSshOption, type SshOptions } from '../inventory/ssh-options.js';

export interface SshConfigFile {
  /** What the file says for `name` (as ssh would be called with it) logging in as `user`. */
  lookup(name: string, user?: string): SshOptions;
}

/** An absent default file is an empty config; an absent --ssh-config is an error. */
export function loadSshConfig(file: string, required: boolean): SshConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!required && e.code === 'ENOENT') return { lookup: () => ({}) };
    throw new RunbookError(
      'usage',
      `cannot read the ssh config file ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
    );
  }
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(text);
  } catch (err) {
    throw new RunbookError('usage', `${file}: not a readable ssh config: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  return {
    lookup(name, user) {
      const computed = config.compute(
        { Host: name, ...(user ? { User: user } : {}) },
        { ignoreCase: true, matchExec: false },
      );
      let out: SshOptions = {};
      for (const [keyword, raw] of Object.entries(computed)) {
        if (!isSupportedOption(keyword)) continue;
        for (const value of Array.isArray(raw) ? raw : [raw]) {
          const complain = (what: string): never => {
            const line = lineOf(lines, keyword, value);
            const at =
              line === undefined
                ? { excerpt: undefined }
                : { source: { file, line: line + 1, col: lines[line]!.search(/\S/) + 1 }, excerpt: lines[line] };
            throw new RunbookError('usage', `${line === undefined ? `${file}: ` : ''}${what} (for host ${name})`, {
              ...at,
              hint: `fix it in ${file}`,
            });
          };
          out = mergeSshOptions(readSshOption(keyword, value, complain), out);
        }
      }
      return out;
    },
  };
}

// The library keeps no line numbers: find the line that sets this keyword to this value.
function lineOf(lines: string[], keyword: string, value: string): number | undefined {
  const i = lines.findIndex((l) => {
    const m = /^\s*(\S+?)(?:\s*=\s*|\s+)(.*?)\s*$/.exec(l);
    return m?.[1]?.toLowerCase() === keyword && m[2]?.replace(/^"|"$/g, '') === value;
  });
  return i < 0 ? undefined : i;
}
