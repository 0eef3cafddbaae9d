// `runbook inventory --graph / --list` against ansible-inventory's own output,
// run live on the same inventories (ansible-core: scripts/system-deps.sh installs it).
// --graph must be the same bytes; --list the same JSON once parsed, but for the
// values of secret-named variables, which runbook masks.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fixture } from '../parse/support.js';
import { project } from '../support/run.js';
import { runbook } from './support.js';

function ansibleInventory(args: string[]): string {
  const r = spawnSync('ansible-inventory', args, { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
  if (r.error)
    throw new Error(
      `ansible-inventory is needed for this test (bash scripts/system-deps.sh installs ansible-core): ${r.error.message}`,
    );
  expect(r.status, r.stderr).to.equal(0);
  return r.stdout;
}

// runbook's masking of secret-named keys, applied to Ansible's output to compare the rest.
const SECRET = /(^|_)(pass|password|passwd|secret|token)$/i;
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? '********' : masked(v)]));
}

const inv = (...parts: string[]): string => fixture('inventory', ...parts);

// A directory of inventory files as Ansible reads one: YAML, and INI without an
// extension (Ansible passes over *.ini files in a directory; see docs/ansible-compatibility.md).
function yamlAndIniDirectory(): string {
  return project({
    '10-cluster.yaml': [
      'all:',
      '  vars: { ansible_user: core }',
      '  children:',
      '    k8s_cluster:',
      '      children:',
      '        kube_node: { hosts: { n2: , n1: { ansible_port: 2222 } } }',
      '        kube_control_plane: { hosts: { cp1: } }',
      '    etcd: { hosts: { cp1: } }',
      '',
    ].join('\n'),
    '20-extra': '[monitoring]\nn1 role=prometheus\nmon1\n\n[kube_node]\nn3\n\n[calico_rr]\n',
    'group_vars/kube_node.yml': 'containerd_version: "1.7.20"\n',
    'host_vars/n2.yml': 'registry: { user: me, password: n3sted-pw }\n',
  });
}

const cases: { name: string; args: () => string[] }[] = [
  { name: "Kubespray's INI (inventory/sample/inventory.ini)", args: () => ['-i', inv('kubespray', 'inventory.ini')] },
  { name: "Kubespray's YAML (hosts.yaml, group_vars beside it)", args: () => ['-i', inv('kubespray', 'hosts.yaml')] },
  { name: 'an INI file with every value form', args: () => ['-i', inv('ini', 'everything.ini')] },
  {
    name: 'nested YAML groups, a group under two parents, an explicit ungrouped',
    args: () => ['-i', inv('nested', 'hosts.yaml')],
  },
  {
    name: 'a directory of YAML and INI files with group_vars and host_vars',
    args: () => ['-i', yamlAndIniDirectory()],
  },
  {
    name: 'two -i: an INI file, then a directory',
    args: () => ['-i', join(inv('merge', 'a'), 'hosts.ini'), '-i', inv('merge', 'b')],
  },
  {
    name: 'two -i: an INI file, then a YAML one',
    args: () => ['-i', inv('kubespray', 'inventory.ini'), '-i', inv('nested', 'hosts.yaml')],
  },
];

describe('runbook inventory prints what ansible-inventory prints (run live on the same inventory)', () => {
  for (const c of cases) {
    it(`--graph, byte for byte: ${c.name}`, () => {
      const args = c.args();
      const r = runbook(['inventory', ...args, '--graph']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(ansibleInventory([...args, '--graph']));
    });

    it(`--list, as parsed JSON (secrets masked): ${c.name}`, () => {
      const args = c.args();
      const r = runbook(['inventory', ...args, '--list']);
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.deep.equal(masked(JSON.parse(ansibleInventory([...args, '--list']))));
    });
  }

  it('--graph GROUP starts at that group, as ansible-inventory --graph GROUP', () => {
    for (const [args, group] of [
      [['-i', inv('kubespray', 'inventory.ini')], 'k8s_cluster'],
      [['-i', inv('nested', 'hosts.yaml')], 'dc1'],
    ] as const) {
      const r = runbook(['inventory', ...args, '--graph', group]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(ansibleInventory([...args, '--graph', group]));
    }
  });
});
