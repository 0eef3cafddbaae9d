// command: runs a program with arguments, no shell. `argv:` is the safe form for
// values built from variables; `cmd:` is split like a shell would but any shell
// operator (| ; && > $(…)) is refused, so nothing is interpreted.
import shellQuote from 'shell-quote';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { shellJoin } from '../quote.js';
import { runCommandPlan, commandArgsSchema } from './command/run-command.js';

// A loop's command line is the same on every host: split once (shell-quote's parse
// cost more than the rest of a re-run's item). Lines that fail are not kept, so
// each failure throws an error of its own.
const splitLines = new Map<string, readonly string[]>();
const KEPT_LINES = 1000;

export function splitCommand(cmd: string): string[] {
  const known = splitLines.get(cmd);
  if (known) return [...known];
  const words = splitWords(cmd);
  if (splitLines.size >= KEPT_LINES) splitLines.clear();
  splitLines.set(cmd, [...words]);
  return words;
}

function splitWords(cmd: string): string[] {
  const words: string[] = [];
  for (const token of shellQuote.parse(dollarsEscaped(cmd))) {
    if (typeof token === 'string') words.push(token);
    else if ('op' in token && token.op === 'glob') words.push(token.pattern);
    else if ('comment' in token) break;
    else
      throw new Error(`"${cmd}" uses the shell operator ${JSON.stringify(token.op)}: use the shell module, or argv:`);
  }
  return words;
}

/**
 * `cmd` with every `$` outside single quotes escaped: Ansible splits with Python's
 * shlex, which expands nothing, so `${Version}` (dpkg-query -f) and `$'x'` stay as
 * written; shell-quote would read them as a variable and ANSI-C quoting.
 */
function dollarsEscaped(cmd: string): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote !== "'" && c === '\\' && i + 1 < cmd.length) {
      out += c + cmd[++i]!;
      continue;
    }
    if (c === '$' && quote !== "'") out += '\\$';
    else out += c;
    if ((c === "'" || c === '"') && (quote === undefined || quote === c)) quote = quote ? undefined : c;
  }
  return out;
}

const schema = {
  type: 'object',
  properties: {
    cmd: { type: 'string', minLength: 1 },
    argv: { type: 'array', items: { type: 'string' }, minItems: 1 },
    ...commandArgsSchema,
    executable: { type: 'string', description: "shell's argument; command runs no shell and warns, as Ansible" },
  },
  // Neither or both of cmd and argv fail when the task runs, with Ansible's words, as Ansible's do.
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const command: ModuleDef<Args> = {
  name: 'command',
  summary: 'run a program with arguments, without a shell',
  freeForm: 'cmd',
  // runCommandPlan answers --check itself, as Ansible's command module.
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    // Ansible's words, and its rc 256 for a command that never started.
    if (args.argv !== undefined && args.cmd !== undefined)
      return { changes: [], failed: 'only command or argv can be given, not both', data: { rc: 256 } };
    if (args.argv === undefined && (args.cmd ?? '').trim() === '')
      return { changes: [], failed: 'no command given', data: { rc: 256 } };
    const argv = args.argv ?? splitCommand(args.cmd ?? '');
    // `exec` runs the program itself, as Ansible's execve does: never the shell's builtin of
    // the same name (`echo 'a\nb'` writes the backslash, as /bin/echo does).
    const plan = await runCommandPlan(ctx, shellJoin(argv), args, `exec ${shellJoin(argv)}`);
    if (args.executable === undefined) return plan;
    // Ansible's words: command has ignored `executable` since 2.4.
    const warning = `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${args.executable}'.`;
    return { ...plan, data: { ...plan.data, warnings: [warning] } };
  },
};
