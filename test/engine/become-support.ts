// What the become-over-a-sudo-login tests share: inventories for the lab's sudo
// user, a playbook written for root (no become in it), and checks on the hosts.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lab } from '../lab/shared.js';
import { onHost } from '../support/host-shell.js';
import { project, type Recorded } from '../support/run.js';

export const FILES = [
  '/etc/become-login.conf',
  '/etc/become-login.motd',
  '/etc/become-login.lines',
  '/etc/become-login.handler',
];

/** As playbooks/containerd.yaml is: written for root, `become` nowhere. `play` adds play keys. */
export function rootPlaybook(play = ''): string {
  return `
- hosts: all
  gather_facts: true${play ? `\n  ${play}` : ''}
  tasks:
    - name: config
      copy: { dest: /etc/become-login.conf, content: "made by runbook\\n", mode: "0640" }
      notify: record uid
    - name: uid
      command: id -u
      changed_when: false
    - name: rendered
      template: { src: motd.j2, dest: /etc/become-login.motd }
    - name: line
      lineinfile: { path: /etc/become-login.lines, line: "managed=yes", create: true }
    - name: as the login
      command: id -un
      become: false
      changed_when: false
  handlers:
    - name: record uid
      shell: 'printf "%s %s\\n" "$(id -u)" "$RB_WHO" > /etc/become-login.handler'
      environment: { RB_WHO: "{{ inventory_hostname }}" }
`;
}

/** A project dir with the playbook and its template; returns the playbook path. */
export function rootProject(play = ''): string {
  const dir = project({
    'p.yaml': rootPlaybook(play),
    'templates/motd.j2': 'host {{inventory_hostname}} ({{facts.os_family}})\n',
  });
  return join(dir, 'p.yaml');
}

/**
 * An inventory of every lab host reached as the sudo user. `all` and `hosts`
 * add variables (ansible_become, …) to every host or to one.
 */
export function sudoInventory(
  all: Record<string, unknown> = {},
  hosts: Record<string, Record<string, unknown>> = {},
): string {
  const l = lab();
  const entries = Object.fromEntries(
    l.hosts.map((h) => [
      h.name,
      {
        ansible_host: h.address,
        ansible_port: h.port,
        ansible_user: l.sudoUser!.name,
        ansible_ssh_private_key_file: l.keyFile,
        ...hosts[h.name],
      },
    ]),
  );
  const file = join(project({}), 'hosts.yaml');
  writeFileSync(
    file,
    stringify({ all: { hosts: entries, vars: { runbook_known_hosts_file: l.knownHostsFile, ...all } } }),
  );
  return file;
}

export function cleanHosts(): void {
  for (const h of lab().hosts) onHost(h.name, `rm -f ${FILES.join(' ')}`);
}

/** The hosts show the playbook ran as root, but for the task that said become: false. */
/**
 * `loginBecomes`: the inventory says ansible_become, which beats the "as the login" task's
 * `become: false` (variables over keywords, as ansible-playbook 2.14), so it runs as root too.
 */
export function expectRanAsRoot(r: Recorded, loginBecomes = false): void {
  const { hosts, sudoUser } = lab();
  for (const h of hosts) {
    expect(r.recap.get(h.name), h.name).to.include({ failed: 0, unreachable: 0 });
    expect(r.task('Gathering Facts').get(h.name)!.status).to.equal('ok');
    expect(r.task('uid').get(h.name)!.data.stdout).to.equal('0');
    expect(r.task('as the login').get(h.name)!.data.stdout).to.equal(loginBecomes ? 'root' : sudoUser!.name);
    const owners = onHost(h.name, `stat -c '%U:%G %a' ${FILES.join(' ')}`)
      .trim()
      .split('\n');
    expect(owners).to.deep.equal(['root:root 640', 'root:root 644', 'root:root 644', 'root:root 644']);
    expect(onHost(h.name, 'cat /etc/become-login.handler')).to.equal(`0 ${h.name}\n`);
    expect(onHost(h.name, 'cat /etc/become-login.motd')).to.match(new RegExp(`^host ${h.name} \\(\\S+\\)\\n$`));
  }
}

export function expectNothingChanged(r: Recorded): void {
  for (const h of lab().hosts)
    expect(r.recap.get(h.name), h.name).to.include({ changed: 0, failed: 0, unreachable: 0 });
  expect(r.task('record uid').size).to.equal(0);
}
