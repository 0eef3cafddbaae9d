import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbook } from './support.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The README's `### runbook CMD` section. */
function section(cmd: string): string {
  const start = readme.indexOf(`### runbook ${cmd}\n`);
  expect(start, `README has a "### runbook ${cmd}" section`).to.be.at.least(0);
  const end = readme.indexOf('\n### ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Each option of `runbook CMD --help` as [short?, long], without --help. */
function helpOptions(cmd: string): [string | undefined, string][] {
  const r = runbook([cmd, '--help']);
  expect(r.code).to.equal(0);
  return [...r.stdout.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)]
    .map((m) => [m[1], m[2] as string] as [string | undefined, string])
    .filter(([, l]) => l !== '--help');
}

/** The README's lines `runbook CMD …` in the "Using it" block. */
function usageLines(cmd: string): string[] {
  const start = readme.indexOf('## Using it\n');
  const block = readme.slice(start, readme.indexOf('```\n\n', start));
  return block.split('\n').filter((l) => l.startsWith(`runbook ${cmd} `));
}

/** `-x, --long` and `-x/--long` pairs as the README writes them. */
const pairsIn = (text: string): [string, string][] =>
  [...text.matchAll(/`(-\w)(?:, |\/)(--[\w-]+)/g)].map((m) => [m[1] as string, m[2] as string]);

const longOptionsIn = (text: string): string[] => [
  ...new Set([...text.matchAll(/(?<![\w-])--[a-z](?:[\w-]*\w)?/g)].map((m) => m[0])),
];

describe('runbook --help and the README agree; usage errors are one line', () => {
  it('runbook --help names every command, the exit codes and the environment', () => {
    const r = runbook(['--help']);
    expect(r.code).to.equal(0);
    for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'run', 'runs', 'report'])
      expect(r.stdout).to.match(new RegExp(`^ {2}${cmd} `, 'm'));
    expect(r.stdout).to.contain('Exit codes').and.contain('RUNBOOK_BECOME_PASSWORD').and.contain('NO_COLOR');
    // Every exit code the CLI uses (src/cli/exit-codes.ts) and every variable it reads.
    for (const code of ['0', '1', '2', '4', '70', '130', '143'])
      expect(r.stdout).to.match(new RegExp(`(^|[ ,(])${code} [a-z]`, 'm'));
    for (const name of [
      'RUNBOOK_BECOME_PASSWORD',
      'RUNBOOK_KEY_PASSPHRASE',
      'RUNBOOK_HOME',
      'RUNBOOK_ROLES_PATH',
      'NO_COLOR',
      'SSH_AUTH_SOCK',
    ])
      expect(r.stdout).to.contain(name);
    expect(readme).to.contain('`70` an internal error');
  });

  it('the README\'s "try it" path shows the ad-hoc command, and its usage block too', () => {
    const tryIt = readme.slice(readme.indexOf('## Set up and try it'), readme.indexOf('## Install on a workstation'));
    expect(tryIt).to.match(/main\.js run all -i \S+ -m shell -a '/);
    expect(usageLines('run')).to.have.length(1);
  });

  it('no option says its default twice ("(default 10) (default: 10)")', () => {
    for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'run', 'runs', 'report']) {
      const help = runbook([cmd, '--help']).stdout.replace(/\n\s+/g, ' ');
      expect(help, cmd).not.to.match(/\(default[^)]*\)\s*\(default: /);
    }
  });

  for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'run', 'runs', 'report']) {
    it(`every option of "runbook ${cmd} --help" is in the README's section, and the README names no other`, () => {
      const text = section(cmd);
      const options = helpOptions(cmd);
      expect(options.length).to.be.above(0);
      for (const [short, long] of options) {
        const mentioned =
          text.includes(long) || (short !== undefined && new RegExp(`(?<![\\w-])${short}(?![\\w-])`).test(text));
        expect(mentioned, `${long} of runbook ${cmd} is not in the README`).to.equal(true);
      }
      const known = new Set(options.map(([, l]) => l));
      for (const long of longOptionsIn(text))
        expect(known.has(long), `README names ${long} under runbook ${cmd}, which has no such option`).to.equal(true);
    });
  }

  for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'run']) {
    it(`the README pairs short and long options of "runbook ${cmd}" as its help does, and its usage lines use only them`, () => {
      const options = helpOptions(cmd);
      const longOf = new Map(
        options.filter(([short]) => short !== undefined).map(([short, long]) => [short as string, long]),
      );
      const pairs = pairsIn(section(cmd));
      if (cmd !== 'inventory')
        expect(pairs.length, `the README pairs no short option with its long one under runbook ${cmd}`).to.be.above(0);
      for (const [short, long] of pairs)
        expect(longOf.get(short), `README: ${short}, ${long} under runbook ${cmd}`).to.equal(long);
      const lines = usageLines(cmd);
      expect(lines.length, `the README's "Using it" block shows runbook ${cmd}`).to.be.above(0);
      const longs = new Set(options.map(([, l]) => l));
      for (const line of lines) {
        for (const short of line.match(/(?<![\w-])-\w(?![\w-])/g) ?? [])
          expect(longOf.has(short), `${short} in "${line}"`).to.equal(true);
        for (const long of longOptionsIn(line)) expect(longs.has(long), `${long} in "${line}"`).to.equal(true);
      }
    });
  }

  // A typo of one of the command's own options, the suggestion it gets.
  const typos: [string[], string, string][] = [
    [['apply', 'site.yaml', '-i', 'hosts.yaml', '--chek'], '--chek', '--check'],
    [['validate', 'site.yaml', '-i', 'hosts.yaml', '--limt', 'web'], '--limt', '--limit'],
    [['inventory', '-i', 'hosts.yaml', '--grph'], '--grph', '--graph'],
    [['ping', '-i', 'hosts.yaml', '--becme'], '--becme', '--become'],
    [['run', 'all', '-i', 'hosts.yaml', '--limt', 'web'], '--limt', '--limit'],
  ];
  for (const [args, typo, meant] of typos) {
    it(`runbook ${args[0]} ${typo}: one line, did you mean ${meant}, exit 1`, () => {
      const r = runbook(args);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.equal(`error: unknown option '${typo}'; did you mean ${meant}? (see --help)\n`);
      expect(r.stdout).to.equal('');
    });
  }

  it('an option another command has, or an unknown short option: one line without a wrong suggestion', () => {
    const check = runbook(['validate', 'site.yaml', '-i', 'hosts.yaml', '--check']);
    expect(check.code).to.equal(1);
    expect(check.stderr).to.equal("error: unknown option '--check' (see --help)\n");
    const short = runbook(['ping', '-i', 'hosts.yaml', '-Z']);
    expect(short.code).to.equal(1);
    expect(short.stderr).to.equal("error: unknown option '-Z' (see --help)\n");
  });

  it('an unknown option: one line on stderr with a did-you-mean, exit 1, not the whole help', () => {
    const r = runbook(['apply', 'site.yaml', '-i', 'hosts.yaml', '--forkz', '3']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal("error: unknown option '--forkz'; did you mean --forks? (see --help)\n");
    expect(r.stdout).to.equal('');
  });

  it('an unknown command and a missing required option: one line each, exit 1', () => {
    const cmd = runbook(['aply']);
    expect(cmd.code).to.equal(1);
    expect(cmd.stderr).to.equal("error: unknown command 'aply'; did you mean apply? (see --help)\n");
    const missing = runbook(['ping']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.equal("error: required option '-i, --inventory <source>' not specified (see --help)\n");
  });
});
