import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.builtin.hostname on a lab host, which runs no systemd: Ansible's FileStrategy
// for Debian (/etc/hostname is the name), as ansible-playbook 2.14 did in the `hostname`
// corpus case. The host's /etc is its own overlay copy; the test puts the file back.
describe('hostname module', () => {
  const host = () => hostNames()[0]!;
  let saved: string | null = null;
  const task = async (name: string, opts: RunOpts = {}) => {
    const yaml =
      `- hosts: ${host()}\n  tasks:\n    - name: h\n      ansible.builtin.hostname: { name: ` +
      `${name} }\n    - name: fact\n      debug: { msg: ` +
      `"{{ ansible_hostname }} {{ ansible_nodename }}" }\n`;
    const r = await runYaml(yaml, opts);
    return { h: r.task('h').get(host())!, fact: r.task('fact').get(host())!.data.msg };
  };

  before(() => (saved = hostFile(host(), '/etc/hostname')));
  after(() => onHost(host(), saved === null ? 'rm -f /etc/hostname' : `printf %s '${saved}' > /etc/hostname`));
  beforeEach(() => onHost(host(), 'echo lab-old > /etc/hostname'));

  it("writes /etc/hostname, gives the facts and Ansible's diff; again, ok", async () => {
    const { h, fact } = await task('node-a.lab.example');
    expect([h.status, h.changes]).to.deep.equal(['changed', ['write /etc/hostname: node-a.lab.example (was lab-old)']]);
    expect(h.diffs).to.deep.equal([
      { path: 'hostname', before: 'hostname = lab-old\n', after: 'hostname = node-a.lab.example\n' },
    ]);
    expect([h.data.name, fact]).to.deep.equal(['node-a.lab.example', 'node-a node-a.lab.example']);
    expect(hostFile(host(), '/etc/hostname')).to.equal('node-a.lab.example\n');
    const again = await task('node-a.lab.example');
    expect([again.h.status, again.h.changes]).to.deep.equal(['ok', []]);
  });

  it('--check writes nothing', async () => {
    const { h } = await task('node-b', { check: true, diff: true });
    expect([h.status, hostFile(host(), '/etc/hostname')]).to.deep.equal(['changed', 'lab-old\n']);
  });
});
