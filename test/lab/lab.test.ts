import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { labProcesses } from './host-process.js';
import { startLab, stopLab } from './lab.js';
import { extraLabSpot } from '../support/cli-run.js';
import { eventually } from '../support/host-shell.js';
import { labDir, nthAddress, repoRoot, TEST_LAB } from './paths.js';
import { lab } from './shared.js';

/**
 * The extra labs these tests start: their own directory and addresses in this
 * run's range (offsets 100, 110, …), so two runs with their own labs never clash.
 */
const spot = (suffix: string, offset: number) => {
  const s = extraLabSpot(suffix, offset);
  return { dir: labDir(s.name), address: (i = 0) => nthAddress(s.firstAddress, i) };
};
const escaped = (address: string): string => address.replace(/\./g, '\\.');

const ssh = (keyFile: string, knownHosts: string, address: string, command: string): string =>
  execFileSync(
    'ssh',
    [
      '-i',
      keyFile,
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      `root@${address}`,
      command,
    ],
    { encoding: 'utf8' },
  );

/** Runs a node script that imports the compiled lab module, as a separate process. */
function nodeScript(body: string): ReturnType<typeof spawn> {
  const labJs = join(repoRoot(), 'dist/test/lab/lab.js');
  return spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { startLab } from ${JSON.stringify(labJs)};\n${body}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the lab', () => {
  it('gives each host its address, hostname and sshd as PID 1 of its own namespace', () => {
    const l = lab();
    l.hosts.forEach((h, i) => {
      const first = process.env.RUNBOOK_LAB_FIRST_ADDRESS ?? TEST_LAB.firstAddress;
      expect(h).to.deep.equal({ name: `node${i + 1}`, address: nthAddress(first, i), port: 22 });
      const out = ssh(l.keyFile, l.knownHostsFile, h.address, 'uname -n; cat /proc/1/comm').split('\n');
      expect(out[0]).to.equal(h.name);
      expect(out[1]).to.equal('sshd');
    });
  });

  it('writes an Ansible-style inventory and an OpenSSH known_hosts file', () => {
    const l = lab();
    const inv = parse(readFileSync(l.inventoryFile, 'utf8'));
    expect(inv.all.vars).to.deep.equal({ runbook_known_hosts_file: l.knownHostsFile });
    expect(inv.all.hosts.node1).to.deep.equal({
      ansible_host: l.hosts[0]!.address,
      ansible_port: 22,
      ansible_user: 'root',
      ansible_ssh_private_key_file: l.keyFile,
    });
    const lines = readFileSync(l.knownHostsFile, 'utf8').trimEnd().split('\n');
    expect(lines).to.have.length(l.hosts.length);
    lines.forEach((line, i) => {
      expect(line).to.match(
        new RegExp(`^${l.hosts[i]!.address.replace(/\./g, '\\.')} ssh-ed25519 AAAA[A-Za-z0-9+/=]+$`),
      );
    });
  });

  it('stopLab cleans up a lab whose process died without stopping it', async () => {
    const { dir, address } = spot('crash', 100);
    const child = nodeScript(
      `await startLab({ hosts: 2, dir: ${JSON.stringify(dir)}, firstAddress: ${JSON.stringify(address())}, stopOnExit: false }); process.exit(0);`,
    );
    expect(await exited(child)).to.equal(0);
    expect(labProcesses(dir).length).to.be.greaterThan(0);
    expect(ssh(join(dir, 'id_ed25519'), join(dir, 'known_hosts'), address(1), 'uname -n')).to.equal('node2\n');

    await stopLab(dir);
    expect(labProcesses(dir)).to.deep.equal([]);
    expect(existsSync(dir)).to.equal(false);
  });

  for (const [how, body] of [
    ['SIGTERM', `process.kill(process.pid, 'SIGTERM');`],
    ['SIGINT', `process.kill(process.pid, 'SIGINT');`],
    ['an uncaught exception', `setTimeout(() => { throw new Error('boom'); }, 1);`],
  ] as const) {
    it(`a lab dies with the process that started it, on ${how}`, async () => {
      const { dir, address } = spot('exit', 110);
      const child = nodeScript(
        `await startLab({ hosts: 2, dir: ${JSON.stringify(dir)}, firstAddress: ` +
          `${JSON.stringify(address())} }); console.log('up'); ${body} await new Promise((r) ` +
          `=> setTimeout(r, 5000));`,
      );
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await exited(child);
      expect(out).to.equal('up\n');
      // The kill in 'exit' is synchronous; the kernel finishes the namespaces just after (later on a loaded machine).
      await eventually(() => labProcesses(dir).length === 0);
      expect(labProcesses(dir)).to.deep.equal([]);
      expect(existsSync(dir)).to.equal(false);
    });
  }

  it('starting over an old lab in the same directory replaces it', async () => {
    const { dir, address } = spot('again', 120);
    const first = await startLab({ hosts: 1, dir, firstAddress: address() });
    const oldKey = readFileSync(first.knownHostsFile, 'utf8');
    const second = await startLab({ hosts: 2, dir, firstAddress: address() });
    try {
      expect(readFileSync(second.knownHostsFile, 'utf8')).to.not.equal(oldKey);
      expect(ssh(second.keyFile, second.knownHostsFile, address(1), 'uname -n')).to.equal('node2\n');
    } finally {
      await second.stop();
    }
    expect(existsSync(dir)).to.equal(false);
  });

  it('refuses an address another server already answers on, and leaves nothing', async () => {
    const dir = labDir('test-clash');
    // node1 of this run's lab answers there.
    let err: Error | undefined;
    await startLab({ hosts: 1, dir, firstAddress: lab().hosts[0]!.address }).catch((e: Error) => (err = e));
    expect(err?.message).to.match(new RegExp(`^lab: ${escaped(lab().hosts[0]!.address)}:22 is already taken`));
    expect(labProcesses(dir)).to.deep.equal([]);
    expect(existsSync(dir)).to.equal(false);
  });

  it('fails with sshd’s own words when a host cannot start, and leaves nothing', async () => {
    const { dir, address } = spot('broken', 130);
    let err: Error | undefined;
    await startLab({ hosts: 1, dir, firstAddress: address(), sshdOptions: { MaxSessions: 'lots' } }).catch(
      (e: Error) => (err = e),
    );
    expect(err?.message).to.match(
      new RegExp(`^lab: host node1 \\(${escaped(address())}:22\\) exited during start; sshd\\.log:\n`),
    );
    expect(err?.message).to.match(/MaxSessions|integer/);
    expect(labProcesses(dir)).to.deep.equal([]);
    expect(existsSync(dir)).to.equal(false);
  });

  it('refuses to delete a directory that is not a lab', async () => {
    const dir = labDir('test-not-a-lab');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'precious'), 'keep me');
    try {
      let err: Error | undefined;
      await stopLab(dir).catch((e: Error) => (err = e));
      expect(err?.message).to.match(/is not a lab directory/);
      expect(readFileSync(join(dir, 'precious'), 'utf8')).to.equal('keep me');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
