// What command and shell share: creates/removes guards, chdir, running, result.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import type { ArgsOf, ModuleContext, ModulePlan } from '../contract.js';

export const commandArgsSchema = {
  chdir: { type: 'string', minLength: 1 },
  // A boolean is taken as Ansible takes it (its `path` type): `creates: yes` is the relative path "True".
  creates: { type: ['string', 'boolean'], minLength: 1, description: 'skip when this path exists' },
  removes: { type: ['string', 'boolean'], minLength: 1, description: 'skip when this path does not exist' },
  stdin: { type: 'string' },
  stdin_add_newline: { type: 'boolean', description: 'end stdin with a newline (default true, as Ansible)' },
  strip_empty_ends: {
    type: 'boolean',
    description: 'strip the newlines ending stdout and stderr (default true, as Ansible)',
  },
} as const;

export type CommandArgs = ArgsOf<{ type: 'object'; properties: typeof commandArgsSchema; additionalProperties: false }>;

/**
 * `line` is shown and registered as `cmd`; `run`, when given, is what runs (the
 * same command, put otherwise); `input`, when given, makes the task's stdin into
 * what the command reads (shell sends its script ahead of it).
 */
export async function runCommandPlan(
  ctx: ModuleContext,
  line: string,
  args: CommandArgs,
  run = line,
  input: (stdin: string | undefined) => string | Buffer | undefined = (stdin) => stdin,
): Promise<ModulePlan> {
  // As Ansible: the module changes into chdir first (a relative creates/removes is found there).
  if (args.chdir !== undefined) {
    const st = await ctx.conn.stat(args.chdir);
    if (st?.type !== 'directory') {
      const why = st ? '[Errno 20] Not a directory' : '[Errno 2] No such file or directory';
      // Python's words, the path as the bytes os.chdir was given (b'…').
      return { changes: [], failed: `Unable to change directory before execution: ${why}: b'${args.chdir}'` };
    }
  }
  const inDir = (p: string | undefined) => (p && args.chdir && !p.startsWith('/') ? `${args.chdir}/${p}` : p);
  const creates = inDir(asPath(args.creates));
  const removes = inDir(asPath(args.removes));
  if (creates && (await pathMatches(ctx.conn, creates))) {
    return { changes: [], msg: `not run: ${creates} exists` };
  }
  if (removes && !(await pathMatches(ctx.conn, removes))) {
    return { changes: [], msg: `not run: ${removes} does not exist` };
  }
  // As Ansible's command module under --check: nothing runs; without creates/removes the task is skipped,
  // with them (and their path saying it would run) it is changed. Both say so in Ansible's words.
  if (ctx.check) {
    if (creates === undefined && removes === undefined) return { changes: [], skipped: WOULD_RUN };
    const wouldRun = { summary: `run: ${line}`, apply: async () => ({}) };
    return { changes: [wouldRun], data: { msg: WOULD_RUN } };
  }
  // As Ansible's stdin_add_newline (default true).
  const stdin = input(args.stdin === undefined || args.stdin_add_newline === false ? args.stdin : `${args.stdin}\n`);
  const full = args.chdir ? `cd ${shellJoin([args.chdir])} && ${run}` : run;
  return {
    changes: [
      {
        summary: `run: ${line}`,
        async apply() {
          const r = await ctx.conn.exec(full, { stdin });
          // As Ansible's command module: trailing newlines go (unless strip_empty_ends: false), so `out.stdout == "active"` holds.
          const strip = args.strip_empty_ends === false ? (t: string) => t : stripEnds;
          const data = { rc: r.rc, stdout: strip(r.stdout), stderr: strip(r.stderr), cmd: line };
          if (r.rc !== 0) {
            const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.rc}`;
            // Changed as well, as Ansible's command: the program ran.
            return {
              failed: true,
              changed: true,
              msg: `command failed (${why}): ${r.stderr.trim() || r.stdout.trim()}`,
              data,
            };
          }
          return { data };
        },
      },
    ],
  };
}

/** Python's str() of the value, as Ansible's `path` type makes of a YAML boolean. */
const asPath = (v: string | boolean | undefined): string | undefined =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : v;

const WOULD_RUN = 'Command would have run if not in check mode';

const stripEnds = (text: string): string => text.replace(/[\r\n]+$/, '');

/**
 * creates/removes: the path exists, or, as Ansible's glob.glob, a glob
 * (`/opt/app/*.done`) matches something. The shell expands the pattern: IFS
 * empty, so a space in it is no word break.
 */
async function pathMatches(conn: Connection, path: string): Promise<boolean> {
  if (!/[*?[]/.test(path)) return (await conn.stat(path)) !== null;
  const r = await conn.exec(
    `IFS=; p=${shellJoin([path])}; for f in $p; do [ -e "$f" ] || [ -L "$f" ] && exit 0; done; exit 1`,
  );
  return r.rc === 0;
}
