import { expect } from 'chai';
import { join } from 'node:path';
import { fixture } from '../parse/support.js';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

const hosts = `all:
  vars:
    ansible_user: root
    region: eu
  hosts:
    cp1: { ansible_host: 10.0.0.10 }
  children:
    kube_node:
      vars: { region: us }
      hosts:
        node2:
        node1: { ansible_host: 10.0.0.11, ansible_password: hunter2 }
    k8s_cluster:
      children:
        kube_node:
`;

function inventoryDir(): string {
  return project({
    'hosts.yaml': hosts,
    'group_vars/k8s_cluster/a.yml': 'containerd_version: "1.7.2"\nregion: asia\n',
    'group_vars/k8s_cluster/b.yml': 'containerd_version: "1.7.20"\n',
    'host_vars/node1.yaml':
      'ansible_become_password: s3cret-pw\nregion: home\nregistry: { user: me, password: n3sted-pw }\n',
  });
}

describe('runbook inventory (like ansible-inventory; no host is contacted)', () => {
  it('--host: merged variables, each with where its value came from; passwords masked', () => {
    const dir = inventoryDir();
    const r = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--host', 'node1']);
    expect(r.code, r.stderr).to.equal(0);
    const inv = join(dir, 'hosts.yaml');
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/ +#/, ' #'));
    expect(lines).to.deep.equal([
      'node1 (groups: all, k8s_cluster, kube_node)',
      `  ansible_become_password: "********" # ${join(dir, 'host_vars', 'node1.yaml')}`,
      `  ansible_host: "10.0.0.11" # ${inv} (host "node1")`,
      `  ansible_password: "********" # ${inv} (host "node1")`,
      `  ansible_user: "root" # ${inv} (group "all")`,
      `  containerd_version: "1.7.20" # ${join(dir, 'group_vars', 'k8s_cluster', 'b.yml')}`,
      `  region: "home" # ${join(dir, 'host_vars', 'node1.yaml')}`,
      `  registry: {"user":"me","password":"********"} # ${join(dir, 'host_vars', 'node1.yaml')}`,
    ]);
    expect(r.stdout).not.to.contain('s3cret-pw').and.not.to.contain('hunter2').and.not.to.contain('n3sted-pw');
  });

  it('--host: a group variable beats all, a group_vars file beats the inventory file', () => {
    const dir = inventoryDir();
    const r = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--host', 'node2']);
    expect(r.stdout).to.match(new RegExp(`  region: "asia" +# ${join(dir, 'group_vars', 'k8s_cluster', 'a.yml')}\\n`));
    const cp = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--host', 'cp1']);
    expect(cp.stdout).to.match(/ {2}region: "eu" +# .*hosts\.yaml \(group "all"\)\n/);
  });

  it('--host of an INI inventory: values read as Ansible reads them, each with its section or host line', () => {
    const dir = project({
      'inventory.ini': [
        '[kube_node]',
        'node1 ansible_host=10.0.0.11 ansible_port=2222 ansible_password=hunter2',
        'node2 ansible_host=10.0.0.12',
        '',
        '[k8s_cluster:children]',
        'kube_node',
        '',
        '[k8s_cluster:vars]',
        'region=eu',
        '',
        '[all:vars]',
        'ansible_user=root',
        'debug=False',
        '',
      ].join('\n'),
      'group_vars/kube_node.yml': 'containerd_version: "1.7.20"\n',
      'host_vars/node1.yml': 'region: home\n',
    });
    const inv = join(dir, 'inventory.ini');
    const r = runbook(['inventory', '-i', inv, '--host', 'node1']);
    expect(r.code, r.stderr).to.equal(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/ +#/, ' #')),
    ).to.deep.equal([
      'node1 (groups: all, k8s_cluster, kube_node)',
      `  ansible_host: "10.0.0.11" # ${inv} (host "node1")`,
      `  ansible_password: "********" # ${inv} (host "node1")`,
      `  ansible_port: 2222 # ${inv} (host "node1")`,
      `  ansible_user: "root" # ${inv} (group "all")`,
      `  containerd_version: "1.7.20" # ${join(dir, 'group_vars', 'kube_node.yml')}`,
      `  debug: false # ${inv} (group "all")`,
      `  region: "home" # ${join(dir, 'host_vars', 'node1.yml')}`,
    ]);
    const node2 = runbook(['inventory', '-i', inv, '--host', 'node2']);
    expect(node2.stdout).to.match(new RegExp(` {2}region: "eu" +# ${inv} \\(group "k8s_cluster"\\)\n`));
  });

  it('--host with two -i (an INI file, then a directory): each value names the source, file and group it came from', () => {
    const a = fixture('inventory', 'merge', 'a');
    const b = fixture('inventory', 'merge', 'b');
    const r = runbook(['inventory', '-i', join(a, 'hosts.ini'), '-i', b, '--host', 'w1']);
    expect(r.code, r.stderr).to.equal(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/ +#/, ' #')),
    ).to.deep.equal([
      'w1 (groups: all, k8s_cluster, workers)',
      `  allv: "b" # ${join(b, 'group_vars', 'all.yml')}`,
      `  ansible_ssh_private_key_file: "keys/id_ed25519" # ${join(a, 'hosts.ini')} (group "all")`,
      `  gv: "b-k8s_cluster" # ${join(b, 'group_vars', 'k8s_cluster.yml')}`,
      `  hv: "b" # ${join(b, 'host_vars', 'w1.yml')}`,
      `  kept: "from-a" # ${join(a, 'hosts.ini')} (group "workers")`,
      `  only_a: 1 # ${join(a, 'hosts.ini')} (host "w1")`,
      `  over_all: "a-workers" # ${join(a, 'group_vars', 'workers.yml')}`,
      `  role: "b" # ${join(b, 'cluster.yaml')} (group "workers")`,
      `  runbook_known_hosts_file: "known_hosts" # ${join(b, 'group_vars', 'all.yml')}`,
      `  x: "b" # ${join(b, 'cluster.yaml')} (host "w1")`,
    ]);
    // The graph holds the hosts of both sources.
    const graph = runbook(['inventory', '-i', join(a, 'hosts.ini'), '-i', b, '--graph', 'workers']);
    expect(graph.stdout).to.equal('@workers:\n  |--w1\n  |--w2\n  |--w3\n');
  });

  it("--list: ansible-inventory's JSON, hostvars merged and masked", () => {
    const dir = inventoryDir();
    const r = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--list']);
    expect(r.code).to.equal(0);
    const data = JSON.parse(r.stdout);
    // As ansible-inventory: ungrouped first, then the groups in inventory order.
    expect(data.all).to.deep.equal({ children: ['ungrouped', 'kube_node', 'k8s_cluster'] });
    expect(data.kube_node).to.deep.equal({ hosts: ['node2', 'node1'] });
    expect(data.k8s_cluster).to.deep.equal({ children: ['kube_node'] });
    expect(data.ungrouped).to.deep.equal({ hosts: ['cp1'] });
    expect(data._meta.hostvars.node1).to.include({
      ansible_password: '********',
      ansible_become_password: '********',
      region: 'home',
    });
    expect(data._meta.hostvars.node1.registry).to.deep.equal({ user: 'me', password: '********' });
    expect(r.stdout).not.to.contain('s3cret-pw').and.not.to.contain('hunter2').and.not.to.contain('n3sted-pw');
  });

  it('--graph: the group tree, child groups then hosts, in inventory order; --graph GROUP starts there', () => {
    const dir = inventoryDir();
    const r = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--graph']);
    expect(r.stdout).to.equal(
      [
        '@all:',
        '  |--@ungrouped:',
        '  |  |--cp1',
        '  |--@kube_node:',
        '  |  |--node2',
        '  |  |--node1',
        '  |--@k8s_cluster:',
        '  |  |--@kube_node:',
        '  |  |  |--node2',
        '  |  |  |--node1',
        '',
      ].join('\n'),
    );
    const sub = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--graph', 'k8s_cluster']);
    expect(sub.stdout).to.equal('@k8s_cluster:\n  |--@kube_node:\n  |  |--node2\n  |  |--node1\n');
  });

  it('an unknown host or group, or no choice of view: exit 1, one clear error', () => {
    const dir = inventoryDir();
    const host = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--host', 'nod1']);
    expect(host.code).to.equal(1);
    expect(host.stderr).to.contain('no host "nod1" in the inventory; did you mean "node1"?');
    const group = runbook(['inventory', '-i', join(dir, 'hosts.yaml'), '--graph', 'kube_nod']);
    expect(group.stderr).to.contain('no group "kube_nod"');
    const none = runbook(['inventory', '-i', join(dir, 'hosts.yaml')]);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain('exactly one of --list, --graph or --host NAME');
    noStackTrace(host.stderr + group.stderr + none.stderr);
  });
});
