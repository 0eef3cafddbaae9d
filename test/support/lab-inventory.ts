// The lab's hosts in an inventory file of the test's own, as root, with more
// variables for all of them (ssh options such as keepalives, jump hosts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lab } from '../lab/shared.js';
import { project } from './run.js';

export function labInventoryWith(vars: Record<string, unknown>): string {
  const l = lab();
  const hosts = Object.fromEntries(l.hosts.map((h) => [h.name, { ansible_host: h.address }]));
  const all = {
    ansible_user: 'root',
    ansible_ssh_private_key_file: l.keyFile,
    runbook_known_hosts_file: l.knownHostsFile,
    ...vars,
  };
  const file = join(project({}), 'hosts.yaml');
  writeFileSync(file, stringify({ all: { hosts, vars: all } }));
  return file;
}
