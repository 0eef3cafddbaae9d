import { expect } from 'chai';
import { join } from 'node:path';
import { formatError } from '../../src/errors.js';
import { loadInventory } from '../../src/parse/inventory.js';
import type { Inventory } from '../../src/types/inventory.js';
import { fixture, runbookError, tempFiles } from '../parse/support.js';

const inventoryAt = (...parts: string[]) => loadInventory(fixture('inventory', ...parts));
const groupsOf = (inv: Inventory, host: string) => inv.hosts.get(host)?.groups;
const varsOf = (inv: Inventory, host: string) => inv.hosts.get(host)?.vars ?? {};
const fromText = (files: Record<string, string>) => loadInventory(join(tempFiles(files), 'hosts.yaml'));

describe('loadInventory', () => {
  describe('Kubespray sample inventory', () => {
    const inv = inventoryAt('kubespray', 'hosts.yaml');

    it('loads unmodified, hosts in file order', () => {
      expect([...inv.hosts.keys()]).to.deep.equal(['node1', 'node2', 'node3', 'node4', 'node5', 'node6']);
    });

    it('puts control plane and worker nodes in k8s_cluster through its children', () => {
      expect(inv.groups.get('k8s_cluster')?.children).to.deep.equal(['kube_control_plane', 'kube_node']);
      const members = [...inv.hosts.values()].filter((h) => h.groups.includes('k8s_cluster')).map((h) => h.name);
      expect(members).to.deep.equal(['node1', 'node2', 'node3', 'node4', 'node5']);
    });

    it("lists each host's groups, all first, shallower groups before deeper ones", () => {
      expect(groupsOf(inv, 'node1')).to.deep.equal(['all', 'etcd', 'k8s_cluster', 'kube_control_plane', 'kube_node']);
      expect(groupsOf(inv, 'node3')).to.deep.equal(['all', 'etcd', 'k8s_cluster', 'kube_node']);
      expect(groupsOf(inv, 'node4')).to.deep.equal(['all', 'k8s_cluster', 'kube_node']);
    });

    it('keeps etcd members and the empty calico_rr group', () => {
      expect(inv.groups.get('etcd')?.hosts).to.deep.equal(['node1', 'node2', 'node3']);
      expect(inv.groups.get('calico_rr')).to.deep.equal({ name: 'calico_rr', hosts: [], children: [], vars: {} });
    });

    it('puts a host that is in no group but all in ungrouped', () => {
      expect(groupsOf(inv, 'node6')).to.deep.equal(['all', 'ungrouped']);
      expect(inv.groups.get('ungrouped')?.hosts).to.deep.equal(['node6']);
      expect(inv.groups.get('all')?.children).to.include('ungrouped');
    });

    it('merges host vars, group_vars/all/ and group_vars/k8s_cluster/ by group', () => {
      expect(varsOf(inv, 'node1')).to.include({
        ansible_host: '95.54.0.12',
        ip: '10.3.0.1',
        bin_dir: '/usr/local/bin',
        kube_version: 'v1.28.3',
        kube_network_plugin: 'calico',
        kube_cert_dir: '{{ kube_config_dir }}/ssl',
        kube_service_addresses_ipv6: 'fd85:ee78:d8a6:8607::1000/116',
        kube_apiserver_port: 6443,
      });
      expect(varsOf(inv, 'node1').kubeadm_patches).to.deep.equal({
        enabled: false,
        source_dir: '{{ inventory_dir }}/patches',
        dest_dir: '{{ kube_config_dir }}/patches',
      });
      expect(varsOf(inv, 'node6')).to.include({ bin_dir: '/usr/local/bin' });
      expect(varsOf(inv, 'node6')).not.to.have.property('kube_version');
    });
  });

  describe('nested groups', () => {
    const inv = inventoryAt('nested', 'hosts.yaml');

    it('takes membership through every level of children', () => {
      expect(groupsOf(inv, 'gpu1')).to.deep.equal(['all', 'dc1', 'rack1', 'gpu']);
    });

    it('merges a group defined in two places, hosts and vars', () => {
      expect(inv.groups.get('gpu')?.hosts).to.deep.equal(['gpu1', 'gpu2']);
      expect(groupsOf(inv, 'gpu2')).to.deep.equal(['all', 'dc1', 'rack1', 'gpu']);
      expect(varsOf(inv, 'gpu1')).to.deep.equal({ cuda: '12.2' });
    });

    it('keeps a host listed in several groups as one host', () => {
      expect([...inv.hosts.keys()].filter((h) => h === 'web1')).to.have.length(1);
      expect(groupsOf(inv, 'web1')).to.deep.equal(['all', 'dc1', 'monitoring', 'rack1']);
      expect(varsOf(inv, 'web1')).to.deep.equal({ role: 'prometheus' });
    });

    it('keeps hosts in the order they first appear', () => {
      expect([...inv.hosts.keys()]).to.deep.equal(['bastion', 'gpu1', 'web1', 'web2', 'web3', 'gpu2', 'spare1']);
    });

    it('makes top-level groups children of all after ungrouped, which holds hosts of no other group (listed ones first), as Ansible', () => {
      expect(inv.groups.get('all')?.children).to.deep.equal(['ungrouped', 'dc1', 'gpu', 'monitoring']);
      expect(inv.groups.get('ungrouped')?.hosts).to.deep.equal(['spare1', 'bastion']);
    });
  });

  describe('variable precedence', () => {
    const inv = inventoryAt('precedence', 'hosts.yaml');

    it("lets a child group's vars win over its parent's and all's, whatever the names", () => {
      expect(varsOf(inv, 'web1').inline_only).to.equal('gpu');
      expect(varsOf(inv, 'web2').inline_only).to.equal('workers');
      expect(varsOf(inv, 'web3').inline_only).to.equal('all');
    });

    it('orders groups of the same depth by name', () => {
      expect(groupsOf(inv, 'web2')).to.deep.equal(['all', 'alpha', 'beta', 'workers']);
      expect(varsOf(inv, 'web2').same_depth).to.equal('beta');
    });

    it('lets group_vars/ files win over group vars in the inventory, by group order', () => {
      expect(varsOf(inv, 'web2').layer).to.equal('workers-file');
      expect(varsOf(inv, 'web3').layer).to.equal('all-file');
      expect(varsOf(inv, 'web3').from_all_file).to.equal(1);
    });

    it('reads a group_vars directory in name order', () => {
      expect(varsOf(inv, 'web2').dir_order).to.equal('zz');
    });

    it("lets the host's inventory vars win over group_vars/, and host_vars/ over both", () => {
      expect(varsOf(inv, 'web1').hv).to.equal('host-inline');
      expect(varsOf(inv, 'web1').layer).to.equal('host-file');
    });
  });

  describe('host ranges', () => {
    it('expands node[1:3] and zero-padded node[01:03] into hosts sharing the vars', () => {
      const inv = fromText({
        'hosts.yaml': 'all:\n  hosts:\n    node[1:3]:\n      ansible_user: core\n    db[01:03]:\n',
      });
      expect([...inv.hosts.keys()]).to.deep.equal(['node1', 'node2', 'node3', 'db01', 'db02', 'db03']);
      expect(varsOf(inv, 'node2')).to.deep.equal({ ansible_user: 'core' });
    });

    it("reads name:port as ansible_port, which the host's own ansible_port overrides", () => {
      const inv = fromText({
        'hosts.yaml': 'all:\n  hosts:\n    node1:2222:\n    node2:2222:\n      ansible_port: 22\n',
      });
      expect(varsOf(inv, 'node1')).to.deep.equal({ ansible_port: 2222 });
      expect(varsOf(inv, 'node2')).to.deep.equal({ ansible_port: 22 });
    });
  });

  describe('errors', () => {
    it('shows how to write hosts when they are given as a list', () => {
      const file = fixture('inventory', 'bad', 'hosts-list.yaml');
      const err = runbookError(() => loadInventory(file));
      expect(err.code).to.equal('inventory');
      expect(err.message).to.equal('"hosts" in group "kube_node": expected a mapping, got a list');
      expect(err.source).to.deep.equal({ file, line: 5, col: 9 });
      expect(err.excerpt).to.equal('        - node1');
      expect(err.hint).to.include('not "- node1"');
    });

    it('names the host whose vars are a list', () => {
      const err = runbookError(() => inventoryAt('bad', 'host-vars-list.yaml'));
      expect(err.message).to.equal('host "node1": expected a mapping, got a list');
      expect(err.source).to.include({ line: 4, col: 7 });
    });

    it('suggests the nearest group key for a misspelled one', () => {
      const err = runbookError(() => inventoryAt('bad', 'group-key-typo.yaml'));
      expect(err.message).to.equal('unknown key "childern" in group "etcd"; did you mean "children"?');
      expect(err.source).to.include({ line: 4, col: 7 });
    });

    it('says group variables go under vars when put directly in a group', () => {
      const err = runbookError(() => fromText({ 'hosts.yaml': 'all:\n  ansible_user: core\n' }));
      expect(err.message).to.equal('unknown key "ansible_user" in group "all"');
      expect(err.hint).to.include('under "vars:"');
    });

    it('refuses a cycle in children, pointing at the entry that closes it', () => {
      const err = runbookError(() => inventoryAt('bad', 'cycle.yaml'));
      expect(err.message).to.equal('group "k8s_cluster" is its own ancestor: k8s_cluster → kube_node → k8s_cluster');
      expect(err.source).to.include({ line: 7, col: 13 });
      expect(err.hint).to.equal('remove "k8s_cluster" from the children of "kube_node"');
    });

    it('refuses a malformed host range', () => {
      const err = runbookError(() => inventoryAt('bad', 'bad-range.yaml'));
      expect(err.message).to.equal(
        'bad host range "[01:100]" in "node[01:100]": "01" and "100" must have the same number of digits',
      );
      expect(err.source).to.include({ line: 3, col: 5 });
    });

    it('checks group_vars files with positions in them', () => {
      const err = runbookError(() => inventoryAt('bad-group-vars', 'hosts.yaml'));
      expect(err.message).to.equal('group_vars/all.yml: expected a mapping, got a list');
      expect(err.source).to.deep.equal({
        file: fixture('inventory', 'bad-group-vars', 'group_vars', 'all.yml'),
        line: 2,
        col: 1,
      });
    });

    it('refuses an invalid variable name in host_vars', () => {
      const err = runbookError(() =>
        fromText({ 'hosts.yaml': 'all:\n  hosts:\n    n1:\n', 'host_vars/n1.yml': 'ok: 1\nnot-ok: 2\n' }),
      );
      expect(err.message).to.equal('invalid key "not-ok" in host_vars/n1.yml');
      expect(err.source).to.include({ line: 2, col: 1 });
    });

    it('reports an empty inventory and a missing one', () => {
      expect(runbookError(() => fromText({ 'hosts.yaml': '\n' })).message).to.match(/inventory .*hosts\.yaml is empty/);
      const missing = runbookError(() => loadInventory('/nonexistent/hosts.yaml'));
      expect(missing.code).to.equal('usage');
      expect(missing.message).to.match(/^cannot read inventory \/nonexistent\/hosts\.yaml: ENOENT/);
    });

    it('prints with the line, a caret and the hint', () => {
      const file = fixture('inventory', 'bad', 'group-key-typo.yaml');
      expect(formatError(runbookError(() => loadInventory(file)))).to.equal(
        [
          `${file}:4:7: error: unknown key "childern" in group "etcd"; did you mean "children"?`,
          '  4 |       childern:',
          '            ^',
          '  hint: a group holds "hosts", "children" and "vars"; put group variables under "vars:"',
        ].join('\n'),
      );
    });
  });
});
