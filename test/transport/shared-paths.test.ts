// Many inventory names for the same hosts, each with its own connection,
// working on one path at once (as 300 names for 2 hosts with --forks 300 once
// did: 18 "mkdir …: failed (SFTP: Failure)", and with delegate_to: localhost
// 200 EEXIST). A directory that exists once the call returns is success; a
// file written by several at once ends whole, one writer's content.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lab } from '../lab/shared.js';
import { hostFile, onHost } from '../support/host-shell.js';
import { runYaml } from '../support/run.js';

const NAMES_PER_HOST = 25;

/** An inventory where every one of the first two lab hosts has NAMES_PER_HOST names. */
function aliasInventory(): { file: string; names: string[] } {
  const l = lab();
  const hosts: Record<string, unknown> = {};
  for (const h of l.hosts.slice(0, 2)) {
    for (let i = 0; i < NAMES_PER_HOST; i++)
      hosts[`${h.name}-alias${i}`] = {
        ansible_host: h.address,
        ansible_port: h.port,
        ansible_user: 'root',
        ansible_ssh_private_key_file: l.keyFile,
      };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'runbook-aliases-')), 'hosts.yaml');
  writeFileSync(file, stringify({ all: { hosts, vars: { runbook_known_hosts_file: l.knownHostsFile } } }));
  return { file, names: Object.keys(hosts) };
}

describe('one path worked on by many connections at once', () => {
  it("every name makes the same directory and writes the same file: all succeed, the file is one writer's whole content, no temp left", async () => {
    const { file, names } = aliasInventory();
    const [a, b] = lab().hosts.map((h) => h.name);
    for (const h of [a!, b!]) onHost(h, 'rm -rf /srv/shared-path');
    // 64 KiB per writer: long enough for the writes to overlap.
    const run = await runYaml(
      `
- hosts: all
  gather_facts: false
  vars: { pad: ${'x'.repeat(65536)} }
  tasks:
    - name: dir
      file: { path: /srv/shared-path/a/b, state: directory, mode: "0750" }
    - name: write
      copy: { dest: /srv/shared-path/a/b/f, content: "{{ inventory_hostname }}\\n{{ pad }}" }
`,
      { inventory: file },
    );
    for (const n of names) {
      expect(run.task('dir').get(n)?.status, `${n}: ${run.task('dir').get(n)?.msg}`).to.be.oneOf(['changed', 'ok']);
      expect(run.task('write').get(n)?.status, `${n}: ${run.task('write').get(n)?.msg}`).to.be.oneOf(['changed', 'ok']);
    }
    for (const h of [a!, b!]) {
      const content = hostFile(h, '/srv/shared-path/a/b/f')!;
      const [writer, rest] = [content.slice(0, content.indexOf('\n')), content.slice(content.indexOf('\n') + 1)];
      expect(names.filter((n) => n.startsWith(`${h}-`))).to.include(writer);
      expect(rest).to.equal('x'.repeat(65536));
      expect(onHost(h, 'ls -A /srv/shared-path/a/b')).to.equal('f\n');
      expect(onHost(h, "stat -c '%a' /srv/shared-path/a/b").trim()).to.equal('750');
    }
  });

  it('with delegate_to: localhost, every name makes the same controller directory: all succeed', async () => {
    const { file, names } = aliasInventory();
    const dir = join(mkdtempSync(join(tmpdir(), 'runbook-shared-')), 'x', 'y');
    const run = await runYaml(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: dir
      file: { path: ${dir}, state: directory }
      delegate_to: localhost
    - name: write
      copy: { dest: ${dir}/f, content: "{{ inventory_hostname }}\\n" }
      delegate_to: localhost
`,
      { inventory: file },
    );
    for (const n of names) {
      expect(run.task('dir').get(n)?.status, `${n}: ${run.task('dir').get(n)?.msg}`).to.be.oneOf(['changed', 'ok']);
      expect(run.task('write').get(n)?.status, `${n}: ${run.task('write').get(n)?.msg}`).to.be.oneOf(['changed', 'ok']);
    }
    expect(statSync(dir).isDirectory()).to.equal(true);
    expect(names.map((n) => `${n}\n`)).to.include(readFileSync(join(dir, 'f'), 'utf8'));
    expect(readdirSync(dir)).to.deep.equal(['f']);
  });
});
