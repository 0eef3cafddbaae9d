import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunEvent, TaskResult } from '../../src/engine/events.js';
import { lab } from '../lab/shared.js';
import type { Recorded } from '../support/run.js';
import {
  cleanHosts,
  expectNothingChanged,
  expectRanAsRoot,
  rootProject,
  sudoInventory,
} from '../engine/become-support.js';
import { cliMain } from '../support/cli-bin.js';

const main = cliMain();

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  json: string;
}

/** The real command line, with --json; `input` goes to its stdin (for -K). */
function runbook(args: string[], o: { env?: Record<string, string>; input?: string } = {}): Cli {
  const json = join(dirname(args[1]!), `events-${Math.random().toString(36).slice(2)}.jsonl`);
  const env = { ...process.env, ...o.env };
  if (!o.env?.RUNBOOK_BECOME_PASSWORD) delete env.RUNBOOK_BECOME_PASSWORD;
  const r = spawnSync(process.execPath, [main, ...args, '--plain', '--json', json], {
    encoding: 'utf8',
    timeout: 120_000,
    env,
    input: o.input ?? '',
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: existsSync(json) ? readFileSync(json, 'utf8') : '',
  };
}

/** The --json events as the engine tests see them. */
function recorded(cli: Cli): Recorded {
  const events = cli.json
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent);
  const end = events.at(-1) as unknown as { recap: Record<string, never> };
  const results = events.flatMap((e) => (e.kind === 'task-result' ? [e.result] : []));
  return {
    events,
    results,
    startAtMissed: false,
    recap: new Map(Object.entries(end.recap)),
    task(name) {
      const out = new Map<string, TaskResult>();
      for (const e of events) if (e.kind === 'task-result' && e.task === name) out.set(e.result.host, e.result);
      return out;
    },
  };
}

/** Every artifact of a run: nothing may hold a secret, raw or JSON-escaped. */
function expectNowhere(cli: Cli, ...secrets: string[]): void {
  for (const s of secrets) {
    for (const [what, text] of Object.entries({ stdout: cli.stdout, stderr: cli.stderr, json: cli.json })) {
      expect(text, `${what} holds the password`).not.to.contain(s);
      expect(text, `${what} holds the password`).not.to.contain(JSON.stringify(s).slice(1, -1));
    }
  }
}

const noStackTrace = (text: string) => expect(text).not.to.match(/^\s+at .+:\d+:\d+\)?$/m);

describe('runbook apply with become over a sudo login (the command line)', () => {
  const password = () => lab().sudoUser!.password;
  beforeEach(cleanHosts);

  it('-b with RUNBOOK_BECOME_PASSWORD runs a root playbook as root; -vv and --json never show the password', () => {
    const playbook = rootProject();
    const inventory = sudoInventory();
    const r = runbook(['apply', playbook, '-i', inventory, '-b', '-vv'], {
      env: { RUNBOOK_BECOME_PASSWORD: password() },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expectRanAsRoot(recorded(r));
    expectNowhere(r, password());
  });

  it('-b -K reads the password from stdin; a re-run changes nothing', () => {
    const playbook = rootProject();
    const inventory = sudoInventory();
    const first = runbook(['apply', playbook, '-i', inventory, '-b', '-K'], { input: `${password()}\n` });
    expect(first.code, first.stdout + first.stderr).to.equal(0);
    expectRanAsRoot(recorded(first));
    const again = runbook(['apply', playbook, '-i', inventory, '--become', '--ask-become-pass'], {
      input: `${password()}\n`,
    });
    expect(again.code).to.equal(0);
    expectNothingChanged(recorded(again));
    expect(again.stdout).to.match(/^node1 +: ok=\d+ +changed=0 +unreachable=0 +failed=0/m);
    expectNowhere(first, password());
    expectNowhere(again, password());
  });

  it('the inventory password wins over -K, and a wrong one fails with exit 2, sudo’s reason and no stack trace', () => {
    const wrong = `${password()} but wrong`;
    const inventory = sudoInventory({ ansible_become: true, ansible_become_password: wrong });
    const r = runbook(['apply', rootProject(), '-i', inventory, '-K', '-vv'], { input: `${password()}\n` });
    expect(r.code).to.equal(2);
    for (const h of lab().hosts) {
      expect(r.stdout).to.contain(
        `fatal: [${h.name}]: FAILED! => sudo: incorrect password for ${lab().sudoUser!.name} on ${h.name} (to become root)`,
      );
    }
    noStackTrace(r.stdout);
    noStackTrace(r.stderr);
    expectNowhere(r, wrong, password());
  });

  it('without any password, sudo’s refusal says how to give one', () => {
    const r = runbook(['apply', rootProject(), '-i', sudoInventory({ ansible_become: true })]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(
      /FAILED! => sudo: a password is required for deploy on node1 to become root; give it with -K/,
    );
  });

  it('the inventory password is masked in variable dumps, at every verbosity', () => {
    const dir = dirname(rootProject());
    writeFileSync(
      join(dir, 'dump.yaml'),
      '- hosts: all\n  become: true\n  tasks:\n    - debug: { var: hostvars }\n    - debug: { msg: "{{ansible_become_password}}" }\n',
    );
    const inventory = sudoInventory({ ansible_become_password: password() });
    for (const v of [[], ['-v'], ['-vv']]) {
      const r = runbook(['apply', join(dir, 'dump.yaml'), '-i', inventory, ...v]);
      expect(r.code, r.stdout).to.equal(0);
      expect(r.stdout).to.contain('"ansible_become_password":"********"');
      expectNowhere(r, password());
    }
  });

  it('a bad ansible_become_password is an input error (exit 1) that names the host and hides the value', () => {
    const inventory = sudoInventory({}, { node2: { ansible_become_password: 987654321 } });
    const r = runbook(['apply', rootProject(), '-i', inventory]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(
      'host "node2": ansible_become_password must be a non-empty string (got a number); quote it in YAML',
    );
    expect(r.stderr).not.to.contain('987654321');
    noStackTrace(r.stderr);
  });
});
