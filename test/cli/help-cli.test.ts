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
  return [...r.stdout.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].map((m) => [m[1], m[2] as string] as [string | undefined, string]).filter(([, l]) => l !== '--help');
}

const longOptionsIn = (text: string): string[] => [...new Set([...text.matchAll(/(?<![\w-])--[a-z](?:[\w-]*\w)?/g)].map((m) => m[0]))];

describe('runbook --help and the README agree; usage errors are one line', () => {
  it('runbook --help names every command, the exit codes and the environment', () => {
    const r = runbook(['--help']);
    expect(r.code).to.equal(0);
    for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'runs', 'report']) expect(r.stdout).to.match(new RegExp(`^ {2}${cmd} `, 'm'));
    expect(r.stdout).to.contain('Exit codes').and.contain('RUNBOOK_BECOME_PASSWORD').and.contain('NO_COLOR');
  });

  for (const cmd of ['apply', 'validate', 'inventory', 'ping', 'runs', 'report']) {
    it(`every option of "runbook ${cmd} --help" is in the README's section, and the README names no other`, () => {
      const text = section(cmd);
      const options = helpOptions(cmd);
      expect(options.length).to.be.above(0);
      for (const [short, long] of options) {
        const mentioned = text.includes(long) || (short !== undefined && new RegExp(`(?<![\\w-])${short}(?![\\w-])`).test(text));
        expect(mentioned, `${long} of runbook ${cmd} is not in the README`).to.equal(true);
      }
      const known = new Set(options.map(([, l]) => l));
      for (const long of longOptionsIn(text)) expect(known.has(long), `README names ${long} under runbook ${cmd}, which has no such option`).to.equal(true);
    });
  }

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
