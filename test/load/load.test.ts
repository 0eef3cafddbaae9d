// Load: 200 lab hosts in one `runbook apply --forks 200`, run in this process, all
// succeed; afterwards nothing is left open: no file descriptor, socket or timer in
// the controller, no TCP connection to a host, no session process on any host.
// The lab is its own (RUNBOOK_LOAD_HOSTS, default 200, from RUNBOOK_LOAD_FIRST_ADDRESS,
// default 127.0.28.2), so the shared lab's hosts are not involved.
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { apply } from '../../src/cli/apply.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labProcesses } from '../lab/host-process.js';
import { labDir } from '../lab/paths.js';
import { project } from '../support/run.js';

const HOSTS = Number(process.env.RUNBOOK_LOAD_HOSTS ?? 200);
const FIRST_ADDRESS = process.env.RUNBOOK_LOAD_FIRST_ADDRESS ?? '127.0.28.2';

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - name: A directory
      file: { path: /srv/load, state: directory, mode: "0755" }
    - name: A file from a template
      template: { src: host.conf.hbs, dest: /srv/load/host.conf }
    - name: A line
      lineinfile: { path: /srv/load/settings, line: "forks=200", create: true }
    - name: A command
      command: { cmd: "touch /srv/load/done", creates: /srv/load/done }
    - name: A command that runs every time
      command: hostname
      changed_when: false
`;

/** Open fds of this process, and Node's handles that keep it alive (sockets, timers, processes). */
const fdCount = (): number => readdirSync('/proc/self/fd').length;
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');

/** TCP connections of this machine to the lab's sshd's, in any state but LISTEN and TIME_WAIT. */
function connectionsTo(lab: Lab): number {
  const ports = new Set(
    lab.hosts.map((h) => `${hexAddress(h.address)}:${h.port.toString(16).toUpperCase().padStart(4, '0')}`),
  );
  const lines = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  // local_address rem_address st: 0A = LISTEN, 06 = TIME_WAIT.
  return lines
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length > 3 && (ports.has(f[1]!) || ports.has(f[2]!)) && f[3] !== '0A' && f[3] !== '06').length;
}

function hexAddress(address: string): string {
  return address
    .split('.')
    .map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
}

/** Waits (up to `ms`) for `ok` to hold of what `read` gives; returns its last value. */
async function settles<T>(read: () => T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = read();
  while (!ok(v) && Date.now() < deadline) {
    // Unref'd: a waiting timer of our own would count as an active handle.
    await new Promise((r) => setTimeout(r, 50).unref());
    v = read();
  }
  return v;
}

describe(`load: ${HOSTS} lab hosts in one run with --forks ${HOSTS}`, function () {
  this.timeout(110_000);
  let lab: Lab;
  const dir = labDir(`${process.env.RUNBOOK_LAB_NAME ?? 'test'}-load`);

  before(async function () {
    this.timeout(100_000);
    lab = await startLab({ hosts: HOSTS, dir, firstAddress: FIRST_ADDRESS, sudoUser: false });
  });
  after(async () => lab?.stop());

  it('every host succeeds, and afterwards no fd, socket, timer, connection or session process is left', async () => {
    const proj = project({ 'playbook.yaml': PLAYBOOK, 'templates/host.conf.hbs': 'host = {{inventory_hostname}}\n' });
    // Mocha arms this test's timeout timer once the test first awaits: count after that.
    await new Promise((r) => setImmediate(r));
    const fdsBefore = fdCount();
    const handlesBefore = handles();
    let out = '';
    const code = await apply(
      join(proj, 'playbook.yaml'),
      {
        inventory: [lab.inventoryFile],
        check: false,
        diff: false,
        forks: HOSTS,
        verbose: 0,
        runsDir: dir,
        record: false,
      },
      (t) => (out += t),
    );

    expect(code, out.slice(-2000)).to.equal(0);
    const recap = out.split('\n').filter((l) => / : ok=\d+ /.test(l));
    expect(recap).to.have.length(HOSTS);
    for (const line of recap) expect(line).to.match(/ok=5 +changed=4 +unreachable=0 +failed=0 /);
    expect(out).not.to.match(/fatal:|UNREACHABLE|rescued=[1-9]/);
    for (const h of lab.hosts) {
      const upper = join(dir, h.name, 'upper', 'srv', 'load');
      expect(readFileSync(join(upper, 'host.conf'), 'utf8')).to.equal(`host = ${h.name}\n`);
      expect(readFileSync(join(upper, 'settings'), 'utf8')).to.equal('forks=200\n');
      expect(readdirSync(upper).sort()).to.deep.equal(['done', 'host.conf', 'settings']);
    }

    // The controller: its fds and handles as before the run.
    expect(await settles(fdCount, (n) => n <= fdsBefore)).to.be.at.most(fdsBefore);
    expect(await settles(handles, (h) => h.length <= handlesBefore.length)).to.deep.equal(handlesBefore);
    expect(
      await settles(
        () => connectionsTo(lab),
        (n) => n === 0,
      ),
    ).to.equal(0);
    // The hosts: nothing but each one's listening sshd (sessions end when their connection does).
    const sessions = () => labProcesses(dir).filter((p) => !p.leader).length;
    expect(await settles(sessions, (n) => n === HOSTS)).to.equal(HOSTS);
  });
});
