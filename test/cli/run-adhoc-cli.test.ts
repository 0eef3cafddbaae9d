// `runbook run PATTERN -m MODULE -a ARGS` against the lab, side by side with
// Ansible's `ansible PATTERN -m MODULE -a ARGS` on the same hosts and inventory
// (ansible-core: scripts/system-deps.sh installs it): the same per-host lines
// for command and shell, the same exit codes; runbook adds apply's recap.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { sudoInventory } from '../engine/become-support.js';
import { onHost, hostFile } from '../support/host-shell.js';
import { lab } from '../lab/shared.js';
import { hostNames, project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

interface Ran {
  code: number | null;
  out: string;
}

function ansible(args: string[], cwd?: string): Ran {
  const env = {
    ...process.env,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_SSH_ARGS: `-o UserKnownHostsFile=${lab().knownHostsFile} -o StrictHostKeyChecking=yes -o ControlMaster=no`,
  };
  const r = spawnSync('ansible', args, { encoding: 'utf8', env, timeout: 120_000, cwd });
  if (r.error)
    throw new Error(
      `ansible is needed for this test (bash scripts/system-deps.sh installs ansible-core): ${r.error.message}`,
    );
  return { code: r.status, out: r.stdout + r.stderr };
}

const rb = (args: string[], env: Record<string, string> = {}, cwd?: string): Ran => {
  const r = runbook(['run', ...args, '--no-record'], { env, cwd });
  return { code: r.code, out: r.stdout + r.stderr };
};

/** The `HOST | STATUS | rc=N >>` block of one host: its head line and the lines up to the next host or the recap. */
function block(out: string, host: string): string {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${host} | `));
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && (/^\S+ \| /.test(l) || l === '' || l.startsWith('PLAY RECAP')));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('runbook run (ad-hoc, as `ansible PATTERN -m MODULE -a ARGS`)', () => {
  const inv = () => lab().inventoryFile;

  it('-m shell -a: each host\'s output under "HOST | CHANGED | rc=0 >>", as ansible prints it; then the recap; exit 0', () => {
    const args = ['all', '-i', inv(), '-m', 'shell', '-a', 'echo hello from $(uname -n)'];
    const ours = rb(args);
    const theirs = ansible(args);
    expect(ours.code, ours.out).to.equal(0);
    expect(theirs.code, theirs.out).to.equal(0);
    for (const h of hostNames()) {
      expect(block(ours.out, h)).to.equal(`${h} | CHANGED | rc=0 >>\nhello from ${h}`);
      expect(block(ours.out, h)).to.equal(block(theirs.out, h));
      expect(ours.out).to.match(new RegExp(`^${h} +: ok=1 +changed=1 +unreachable=0 +failed=0`, 'm'));
    }
    expect(ours.out).to.contain('PLAY RECAP');
  });

  it('a command that fails: "HOST | FAILED | rc=3 >>" with its output, exit 2 as ansible; --limit picks the host', () => {
    const [first] = hostNames();
    const args = ['all', '-i', inv(), '--limit', first!, '-m', 'shell', '-a', 'echo before; exit 3'];
    const ours = rb(args);
    const theirs = ansible(args);
    expect(theirs.code, theirs.out).to.equal(2);
    expect(ours.code, ours.out).to.equal(2);
    // Ansible 2.14 runs its message into the output ("beforenon-zero return code"); runbook gives it a line of its own.
    expect(block(theirs.out, first!).split('\n')).to.deep.equal([
      `${first} | FAILED | rc=3 >>`,
      'beforenon-zero return code',
    ]);
    expect(block(ours.out, first!).split('\n')).to.deep.equal([
      `${first} | FAILED | rc=3 >>`,
      'before',
      'command failed (exit code 3): before',
    ]);
    expect(ours.out.match(/^\S+ \| /gm)).to.have.length(1);
    noStackTrace(ours.out);
  });

  it('a host nobody answers on is UNREACHABLE!, exit 4 as ansible', () => {
    const dir = project({});
    const file = join(dir, 'hosts.yaml');
    writeFileSync(
      file,
      stringify({ all: { hosts: { ghost: { ansible_host: '127.0.13.250', ansible_user: 'root' } } } }),
    );
    const ours = rb(['ghost', '-i', file, '-a', 'true', '-T', '3']);
    const theirs = ansible(['ghost', '-i', file, '-a', 'true', '-T', '3']);
    expect(theirs.code, theirs.out).to.equal(4);
    expect(ours.code, ours.out).to.equal(4);
    expect(ours.out).to.match(/^ghost \| UNREACHABLE! => .*127\.0\.13\.250/m);
    expect(theirs.out).to.match(/^ghost \| UNREACHABLE! =>/m);
  });

  it('-b runs through sudo as the login user (-f 1, one host at a time); a module with key=value arguments changes the host', () => {
    const password = lab().sudoUser!.password;
    const ours = rb(['all', '-i', sudoInventory(), '-b', '-f', '1', '-a', 'id -un'], {
      RUNBOOK_BECOME_PASSWORD: password,
    });
    expect(ours.code, ours.out).to.equal(0);
    for (const h of hostNames()) expect(block(ours.out, h)).to.equal(`${h} | CHANGED | rc=0 >>\nroot`);

    const [first] = hostNames();
    onHost(first!, 'rm -f /tmp/adhoc-touched');
    const touch = rb([first!, '-i', inv(), '-m', 'file', '-a', 'path=/tmp/adhoc-touched state=touch mode=0600']);
    expect(touch.code, touch.out).to.equal(0);
    expect(touch.out).to.match(new RegExp(`^${first} \\| CHANGED => \\{\\n {4}"changed": true,`, 'm'));
    expect(hostFile(first!, '/tmp/adhoc-touched')).to.equal('');
  });

  it('an unknown module or argument is one clear error naming -m/-a, exit 1, no host touched', () => {
    const module = rb(['all', '-i', inv(), '-m', 'shel', '-a', 'true']);
    expect(module.code).to.equal(1);
    expect(module.out).to.contain('-m shel: runbook has no such module; the closest it has is "shell"');
    const arg = rb(['all', '-i', inv(), '-m', 'file', '-a', 'pth=/tmp/x state=touch']);
    expect(arg.code).to.equal(1);
    expect(arg.out).to.contain('runbook run all -m file -a \'pth=/tmp/x state=touch\': unknown argument "pth" in file');
    expect(arg.out).not.to.contain('ad-hoc.yaml');
    noStackTrace(module.out + arg.out);
  });

  it('-m include_role -a name=ROLE: the role is found in roles/ of the working directory, as ansible finds it; its task changes the host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adhoc-role-'));
    mkdirSync(join(dir, 'roles', 'marker', 'tasks'), { recursive: true });
    writeFileSync(
      join(dir, 'roles', 'marker', 'tasks', 'main.yml'),
      '- copy:\n    dest: /tmp/adhoc-role\n    content: "from the role\\n"\n',
    );
    const [first] = hostNames();
    const args = [first!, '-i', inv(), '-m', 'include_role', '-a', 'name=marker'];
    for (const [engine, run] of [
      ['runbook', () => rb(args, {}, dir)],
      ['ansible', () => ansible(args, dir)],
    ] as const) {
      onHost(first!, 'rm -f /tmp/adhoc-role');
      const r = run();
      expect(r.code, `${engine}: ${r.out}`).to.equal(0);
      expect(r.out, engine).to.match(new RegExp(`^${first} \\| CHANGED => \\{`, 'm'));
      expect(hostFile(first!, '/tmp/adhoc-role'), engine).to.equal('from the role\n');
    }
    // The one-task playbook written beside the roles is gone again.
    expect(readdirSync(dir)).to.deep.equal(['roles']);
  });
});
