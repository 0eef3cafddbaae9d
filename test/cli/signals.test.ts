// SIGINT and SIGTERM on the real command line, against the lab: the first
// signal lets no new task start, running commands get --grace seconds and are
// then stopped on the hosts, the recap and where each host was left are
// printed, and the exit code is 130 (SIGINT) or 143 (SIGTERM). A second
// Ctrl-C exits at once.
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { lab } from '../lab/shared.js';
import { eventually, onHost } from '../support/host-shell.js';
import { hostNames, project } from '../support/run.js';
import { cliMain } from '../support/cli-bin.js';

const main = cliMain();

interface Running {
  child: ChildProcess;
  stdout: () => string;
  events: () => RunEvent[];
  exited: Promise<{ code: number | null; ms: number }>;
}

function apply(playbook: string, extra: string[]): Running {
  const json = join(playbook, '..', 'events.jsonl');
  const child = spawn(
    process.execPath,
    [main, 'apply', playbook, '-i', lab().inventoryFile, '--plain', '--json', json, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, ms: Date.now() })),
  );
  const events = () => {
    const text = existsSync(json) ? readFileSync(json, 'utf8').trim() : '';
    return text === ''
      ? []
      : text.split('\n').flatMap((l) => {
          try {
            return [JSON.parse(l) as RunEvent];
          } catch {
            return [];
          }
        });
  };
  return { child, stdout: () => out, events, exited };
}

// A lab host's processes share its UTS namespace (the host's own hostname),
// whose id is the same seen from inside the host and from here.
const utsIds = new Map<string, string>();
const utsOf = (host: string): string =>
  utsIds.get(host) ?? utsIds.set(host, onHost(host, 'readlink /proc/self/ns/uts').trim()).get(host)!;

/** PIDs of the processes of a lab host, or of those whose command line is exactly `argv`. */
function remote(host: string, argv?: string[]): number[] {
  const uts = utsOf(host);
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => {
      try {
        return (
          readlinkSync(`/proc/${pid}/ns/uts`) === uts &&
          (argv === undefined || readFileSync(`/proc/${pid}/cmdline`, 'utf8') === argv.join('\0') + '\0')
        );
      } catch {
        return false;
      }
    });
}

/** Stops every process of `host` (SIGSTOP): its connections stay open, nothing answers. Returns how to go on. */
function freeze(host: string): () => void {
  const pids = new Set<number>();
  for (let fresh = remote(host); fresh.length > 0; fresh = remote(host).filter((p) => !pids.has(p))) {
    for (const pid of fresh) {
      pids.add(pid);
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        // gone meanwhile
      }
    }
  }
  return () =>
    pids.forEach((pid) => {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    });
}

const SLEEP = ['sleep', '601'];
const started = (r: Running) =>
  r
    .events()
    .filter((e): e is Extract<RunEvent, { kind: 'task-start' }> => e.kind === 'task-start')
    .map((e) => e.name);

describe('SIGINT and SIGTERM during apply', function () {
  this.timeout(120_000);
  let runs: Running[] = [];
  afterEach(() => {
    for (const r of runs) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    runs = [];
    // A run killed at once leaves its remote sleep behind: end it by PID.
    for (const h of hostNames()) for (const pid of remote(h, SLEEP)) process.kill(pid, 'SIGKILL');
  });

  const playbook = () =>
    join(
      project({
        'p.yaml': `- name: slow
  hosts: all
  gather_facts: false
  tasks:
    - name: Migrate
      vars:
        runbook_interrupt_note: the node may be left cordoned
      block:
        - name: Drain
          command: "true"
        - name: nap
          command: sleep 601
        - name: after nap
          command: "true"
      rescue:
        - name: roll back
          command: "true"
    - name: next
      command: "true"
`,
      }),
      'p.yaml',
    );

  /** Starts the run and waits until the sleep runs on every host. */
  async function startedNap(extra: string[]): Promise<Running> {
    const r = apply(playbook(), extra);
    runs.push(r);
    expect(
      await eventually(
        () => r.stdout().includes('TASK [nap]') && hostNames().every((h) => remote(h, SLEEP).length === 1),
        60_000,
      ),
      r.stdout(),
    ).to.equal(true);
    return r;
  }

  it('first SIGINT: no new task starts, the remote sleep is stopped after the grace, the recap and where each host stands are printed; exit 130', async () => {
    const grace = 3;
    const r = await startedNap(['--grace', String(grace)]);
    const sent = Date.now();
    r.child.kill('SIGINT');
    const { code, ms } = await r.exited;
    expect(code, r.stdout()).to.equal(130);
    // Ended by the grace, not by the remote sleep's 601 s (a slow machine only adds to the grace).
    expect(ms - sent, 'did not wait for the sleep').to.be.below(601_000);
    expect(ms - sent, 'the grace was given').to.be.at.least(grace * 1000 - 200);
    for (const h of hostNames()) expect(remote(h, SLEEP), `sleep left on ${h}`).to.deep.equal([]);
    expect(started(r)).to.deep.equal(['Drain', 'nap']);
    const out = r.stdout();
    expect(out).to.contain(
      'INTERRUPTED: the run was stopped (SIGINT); no new task starts, running tasks get 3 s to finish',
    );
    expect(out).to.contain('RUN INTERRUPTED [slow] (SIGINT)');
    for (const h of hostNames()) {
      expect(out).to.contain(
        `${h}: interrupted after 'Drain' (changed); inside 'Migrate', whose rescue did not run; the node may be left cordoned — re-run the playbook to finish`,
      );
      expect(out).to.match(
        new RegExp(`^${h} +: ok=1 +changed=1 +unreachable=0 +failed=1 +skipped=0 +rescued=0 +ignored=0$`, 'm'),
      );
    }
    expect(out).to.contain('stopped after the 3 s grace');
    const kinds = r.events().map((e) => e.kind);
    expect(kinds.slice(-3)).to.deep.equal(['play-end', 'run-interrupted', 'run-end']);
    expect(kinds).to.include('run-interrupting');
  });

  it('SIGTERM: the same wind-down, exit 143', async () => {
    const r = await startedNap(['--grace', '1']);
    r.child.kill('SIGTERM');
    const { code } = await r.exited;
    expect(code, r.stdout()).to.equal(143);
    expect(r.stdout()).to.contain('RUN INTERRUPTED [slow] (SIGTERM)').and.contain('PLAY RECAP');
    expect(started(r)).to.deep.equal(['Drain', 'nap']);
    for (const h of hostNames()) expect(remote(h, SLEEP), `sleep left on ${h}`).to.deep.equal([]);
  });

  it('a task waiting between retries is cut short once the grace is over', async () => {
    const dir = project({
      'p.yaml':
        `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: poll\n      command: ` +
        `"false"\n      register: polled\n      until: polled.rc == 0\n      retries: 100\n      delay: ` +
        `600\n    - name: next\n      command: "true"\n`,
    });
    const r = apply(join(dir, 'p.yaml'), ['--grace', '1']);
    runs.push(r);
    expect(await eventually(() => r.stdout().includes('FAILED - RETRYING'), 60_000), r.stdout()).to.equal(true);
    const sent = Date.now();
    r.child.kill('SIGINT');
    const { code, ms } = await r.exited;
    expect(code, r.stdout()).to.equal(130);
    // Cut short: the 600 s delay between retries was not waited out.
    expect(ms - sent, 'not the 600 s delay').to.be.below(600_000);
    expect(started(r)).to.deep.equal(['poll']);
  });

  it('a second Ctrl-C exits at once with 130, without waiting for the grace', async () => {
    const r = await startedNap(['--grace', '600']);
    r.child.kill('SIGINT');
    expect(
      await eventually(() => r.stdout().includes('INTERRUPTED: the run was stopped'), 20_000),
      r.stdout(),
    ).to.equal(true);
    const sent = Date.now();
    r.child.kill('SIGINT');
    const { code, ms } = await r.exited;
    expect(code).to.equal(130);
    // At once: not after the 600 s grace.
    expect(ms - sent, 'waited for the grace').to.be.below(600_000);
    expect(started(r)).to.deep.equal(['Drain', 'nap']);
    // ...and the commands it started are stopped on every host all the same.
    for (const h of hostNames()) expect(remote(h, SLEEP), `sleep left on ${h}`).to.deep.equal([]);
    expect(r.stdout()).to.contain('stopped at once by a second SIGINT');
  });

  it('a second Ctrl-C names the host it could not reach to stop its command, and stops the others', async () => {
    const r = await startedNap(['--grace', '600']);
    const [frozen, ...others] = hostNames();
    r.child.kill('SIGINT');
    expect(
      await eventually(() => r.stdout().includes('INTERRUPTED: the run was stopped'), 20_000),
      r.stdout(),
    ).to.equal(true);
    const thaw = freeze(frozen!);
    try {
      r.child.kill('SIGINT');
      const { code } = await r.exited;
      expect(code, r.stdout()).to.equal(130);
      for (const h of others) expect(remote(h, SLEEP), `sleep left on ${h}`).to.deep.equal([]);
      expect(r.stdout()).to.contain(
        `${frozen} could not be reached to stop the command (no answer in 5 s): it may still be running there`,
      );
      for (const h of others) expect(r.stdout()).not.to.contain(`${h} could not be reached`);
    } finally {
      thaw();
    }
  });

  it('a signal before the run starts (inputs still being read) ends the process at once', async () => {
    const dir = project({ 'p.yaml': '- hosts: all\n  tasks: []\n' });
    const fifo = join(dir, 'hosts.yaml');
    execFileSync('mkfifo', [fifo]);
    // A writer that opens the pipe and then never writes: the read waits for data.
    const writer = spawn('sh', ['-c', `exec 3>${fifo}; sleep 30`], { stdio: 'ignore' });
    try {
      const child = spawn(process.execPath, [main, 'apply', join(dir, 'p.yaml'), '-i', fifo, '--plain'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Waits for a condition, not a time: the process has the pipe open (its signal handlers are set
      // before it reads any input), so the signal lands while the inputs are being read.
      await readerOpened(child.pid!, fifo);
      child.kill('SIGTERM');
      // SIGTERM, or the pipe's own error if the signal came after the 1.5 s the read waits.
      expect(await exited, out).to.be.oneOf([143, 1]);
      if (out !== '') expect(out).to.contain('is a pipe or device that gave no data for 1.5 s');
    } finally {
      writer.kill('SIGKILL');
    }
  });
});

/** Resolves once process `pid` holds `path` open (its /proc/PID/fd links), polling; fails after 60 s. */
async function readerOpened(pid: number, path: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      // The process is not there yet, or gone: the deadline decides.
    }
    if (
      fds.some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
        } catch {
          return false;
        }
      })
    )
      return;
    if (Date.now() > deadline) throw new Error(`process ${pid} never opened ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
