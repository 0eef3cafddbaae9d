// What command and shell share: creates/removes guards, chdir, running, result.
import { shellJoin } from '../../quote.js';
import type { ArgsOf, ModuleContext, ModulePlan } from '../contract.js';

export const commandArgsSchema = {
  chdir: { type: 'string', minLength: 1 },
  creates: { type: 'string', minLength: 1, description: 'skip when this path exists' },
  removes: { type: 'string', minLength: 1, description: 'skip when this path does not exist' },
  stdin: { type: 'string' },
} as const;

export type CommandArgs = ArgsOf<{ type: 'object'; properties: typeof commandArgsSchema; additionalProperties: false }>;

/**
 * `line` is shown and registered as `cmd`; `run`, when given, is what runs (the
 * same command, put otherwise), with `stdin` (default `args.stdin`) as its input.
 */
export async function runCommandPlan(ctx: ModuleContext, line: string, args: CommandArgs, run = line, stdin: string | Buffer | undefined = args.stdin): Promise<ModulePlan> {
  if (args.creates && (await ctx.conn.stat(args.creates))) {
    return { changes: [], msg: `not run: ${args.creates} exists` };
  }
  if (args.removes && !(await ctx.conn.stat(args.removes))) {
    return { changes: [], msg: `not run: ${args.removes} does not exist` };
  }
  const full = args.chdir ? `cd ${shellJoin([args.chdir])} && ${run}` : run;
  return {
    changes: [
      {
        summary: `run: ${line}`,
        async apply() {
          const r = await ctx.conn.exec(full, { stdin });
          // As Ansible's command module: trailing newlines go, so `out.stdout == "active"` holds.
          const data = { rc: r.rc, stdout: stripEnds(r.stdout), stderr: stripEnds(r.stderr), cmd: line };
          if (r.rc !== 0) {
            const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.rc}`;
            return { failed: true, msg: `command failed (${why}): ${r.stderr.trim() || r.stdout.trim()}`, data };
          }
          return { data };
        },
      },
    ],
  };
}

const stripEnds = (text: string): string => text.replace(/[\r\n]+$/, '');
