import { expect } from 'chai';
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectionVars } from '../../src/inventory/connection-vars.js';
import { loadInventory } from '../../src/parse/inventory.js';
import type { Inventory } from '../../src/types/inventory.js';
import { fixture, runbookError, tempFiles } from '../parse/support.js';

const varsOf = (inv: Inventory, host: string) => inv.hosts.get(host)?.vars ?? {};

describe('inventory sources', () => {
  describe('a directory given to -i', () => {
    const inv = loadInventory(fixture('inventory', 'directory'));

    it('reads every inventory file in it, INI and YAML, in name order, subdirectories too', () => {
      expect([...inv.hosts.keys()]).to.deep.equal(['w1', 'w2', 'cp1', 'w3']);
      expect(inv.hosts.get('w1')?.groups).to.deep.equal(['all', 'k8s_cluster', 'monitoring', 'workers']);
      expect(inv.groups.get('k8s_cluster')?.children).to.deep.equal(['control', 'workers']);
      expect(inv.groups.get('workers')?.hosts).to.deep.equal(['w1', 'w2', 'w3']);
    });

    it("reads its group_vars/, a group's directory of several files in name order, and its host_vars/", () => {
      expect(varsOf(inv, 'w3')).to.deep.equal({
        cluster_name: 'from-yaml',
        ntp: 'pool.ntp.org',
        runtime: 'containerd',
        cni: 'calico',
        layer: 'network-file',
        ansible_host: '10.0.0.3',
      });
      expect(varsOf(inv, 'w2').runtime).to.equal('docker');
      expect(varsOf(inv, 'cp1')).not.to.have.property('cni');
    });

    it('passes over the files Ansible ignores there', () => {
      const dir = tempFiles({});
      cpSync(fixture('inventory', 'directory'), dir, { recursive: true });
      const junk = [
        'notes.md',
        'README.txt',
        'README.rst',
        'hosts.bak',
        'hosts.yaml~',
        'hosts.orig',
        'site.retry',
        'ansible.cfg',
        '.hidden.yaml',
        '.hosts.swp',
        'x.pyc',
      ];
      for (const name of junk) writeFileSync(join(dir, name), 'not: [an inventory\n');
      const withJunk = loadInventory(dir);
      expect([...withJunk.hosts.keys()]).to.deep.equal(['w1', 'w2', 'cp1', 'w3']);
      // The same junk as a file of its own is read, and refused.
      expect(runbookError(() => loadInventory(join(dir, 'hosts.orig'))).code).to.equal('inventory');
    });

    it('refuses a directory with no inventory file', () => {
      const err = runbookError(() => loadInventory(tempFiles({ 'group_vars/all.yml': 'a: 1\n', 'notes.md': '# x\n' })));
      expect(err.message).to.match(/holds no inventory file$/);
      expect(err.hint).to.include('YAML').and.include('INI');
    });
  });

  describe('several -i, merged as Ansible merges them', () => {
    const a = fixture('inventory', 'merge', 'a');
    const b = fixture('inventory', 'merge', 'b');
    const inv = loadInventory([join(a, 'hosts.ini'), b]);

    it('adds the hosts and groups of later sources', () => {
      expect(inv.sources).to.deep.equal([join(a, 'hosts.ini'), b]);
      expect([...inv.hosts.keys()]).to.deep.equal(['w1', 'w2', 'w3']);
      expect(inv.hosts.get('w2')?.groups).to.deep.equal(['all', 'k8s_cluster', 'workers']);
    });

    it('lets later sources override group and host vars, keeping what they do not set', () => {
      expect(varsOf(inv, 'w1')).to.include({ role: 'b', kept: 'from-a', x: 'b', only_a: 1, hv: 'b', allv: 'b' });
    });

    it("reads group_vars/ source by source: all of every source first, then each source's groups", () => {
      // a's group_vars/workers beats b's group_vars/all; b's k8s_cluster beats a's (deeper) workers.
      expect(varsOf(inv, 'w3')).to.include({ over_all: 'a-workers', gv: 'b-k8s_cluster' });
    });

    it('takes a relative key path from the directory of the source that set it', () => {
      const cv = connectionVars(inv.hosts.get('w1')!);
      expect(cv.privateKeyPath).to.equal(resolve(a, 'keys', 'id_ed25519'));
      expect(cv.knownHostsFile).to.equal(resolve(b, 'known_hosts'));
    });

    it('lets the order decide: the other way round, a wins', () => {
      const reversed = loadInventory([b, join(a, 'hosts.ini')]);
      expect(varsOf(reversed, 'w1')).to.include({ role: 'a', x: 'a', hv: 'a', allv: 'a' });
      expect([...reversed.hosts.keys()]).to.deep.equal(['w1', 'w3', 'w2']);
    });
  });

  describe('the format of a file', () => {
    it('is read from the extension, else YAML when the file is a YAML mapping, else INI', () => {
      const dir = tempFiles({
        'as-yaml': 'all:\n  hosts:\n    y1:\n',
        'as-ini': '[g]\ni1 a=1\n',
        'hosts.json': '{"all": {"hosts": {"j1": null}}}',
      });
      expect([...loadInventory(join(dir, 'as-yaml')).hosts.keys()]).to.deep.equal(['y1']);
      expect(loadInventory(join(dir, 'as-ini')).hosts.get('i1')?.vars).to.deep.equal({ a: 1 });
      expect([...loadInventory(join(dir, 'hosts.json')).hosts.keys()]).to.deep.equal(['j1']);
    });

    it('refuses a file that is neither, saying which formats are read', () => {
      const file = join(
        tempFiles({ 'hosts.toml': '[all.hosts]\nnode1 = { ansible_host = "10.0.0.1" }\n' }),
        'hosts.toml',
      );
      const err = runbookError(() => loadInventory(file));
      expect(err.message).to.equal(
        'hosts.toml is neither a YAML inventory (a mapping of groups) nor a valid INI one: expected key=value after host "node1", got "="',
      );
      expect(err.source).to.deep.equal({ file, line: 2, col: 7 });
      expect(err.hint).to.match(
        /^runbook reads Ansible inventories in YAML \(\*\.yaml, \*\.yml, \*\.json\) or INI \(\*\.ini, or no extension\)/,
      );
    });

    it('refuses an inventory script', () => {
      const err = runbookError(() =>
        loadInventory(join(tempFiles({ 'ec2.py': '#!/usr/bin/env python3\nprint("{}")\n' }), 'ec2.py')),
      );
      expect(err.message).to.match(/is a script: inventory scripts are not supported$/);
    });

    it('keeps YAML errors for a .yaml file', () => {
      const err = runbookError(() => loadInventory(join(tempFiles({ 'hosts.yaml': '[all]\nnode1\n' }), 'hosts.yaml')));
      expect(err.code).to.equal('yaml');
    });
  });
});
