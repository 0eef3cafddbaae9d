import { expect } from 'chai';
import { join } from 'node:path';
import { formatError } from '../../src/errors.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { fixture, runbookError, tempFiles } from '../parse/support.js';

const ini = (...parts: string[]) => loadInventory(fixture('inventory', ...parts));
const fromIni = (text: string) => loadInventory(join(tempFiles({ 'hosts.ini': text }), 'hosts.ini'));
const badIni = (name: string) => runbookError(() => ini('bad-ini', name));

describe('INI inventories', () => {
  describe("Kubespray's inventory.ini", () => {
    const fromIniFile = ini('kubespray', 'inventory.ini');
    const fromYaml = ini('kubespray', 'hosts.yaml');

    it('loads unmodified, with the same hosts, in the same order, as the YAML sample', () => {
      expect([...fromIniFile.hosts.keys()]).to.deep.equal([...fromYaml.hosts.keys()]);
      expect([...fromIniFile.hosts.keys()]).to.deep.equal(['node1', 'node2', 'node3', 'node4', 'node5', 'node6']);
    });

    it('gives every host the same groups and variables as hosts.yaml, group_vars/ included', () => {
      for (const [name, host] of fromYaml.hosts) {
        const fromIniHost = fromIniFile.hosts.get(name);
        expect(fromIniHost?.groups, name).to.deep.equal(host.groups);
        const { etcd_member_name: _member, ...vars } = fromIniHost?.vars ?? {};
        expect(vars, name).to.deep.equal(host.vars);
      }
      expect(fromIniFile.hosts.get('node1')?.vars).to.include({
        ansible_host: '95.54.0.12',
        ip: '10.3.0.1',
        etcd_member_name: 'etcd1',
        kube_apiserver_port: 6443,
      });
      expect(fromIniFile.hosts.get('node4')?.vars).not.to.have.property('etcd_member_name');
    });

    it('makes k8s_cluster of its children, the empty calico_rr among them', () => {
      expect(fromIniFile.groups.get('k8s_cluster')?.children).to.deep.equal([
        'kube_control_plane',
        'kube_node',
        'calico_rr',
      ]);
      expect(fromIniFile.groups.get('calico_rr')).to.deep.equal({
        name: 'calico_rr',
        hosts: [],
        children: [],
        vars: {},
      });
      expect(fromIniFile.groups.get('ungrouped')?.hosts).to.deep.equal(['node6']);
    });
  });

  describe('the format', () => {
    const inv = ini('ini', 'everything.ini');
    const vars = (host: string) => inv.hosts.get(host)?.vars ?? {};

    it('puts hosts before any section in ungrouped until a section takes them', () => {
      expect(inv.hosts.get('bastion')?.groups).to.deep.equal(['all', 'databases', 'reporting']);
      expect(inv.groups.get('ungrouped')?.hosts).to.deep.equal([]);
      expect(vars('bastion')).to.deep.equal({ ansible_host: '203.0.113.10', ansible_user: 'jump' });
    });

    it('expands ranges of numbers and letters, and reads name:port as ansible_port', () => {
      expect([...inv.hosts.keys()]).to.deep.equal([
        'bastion',
        'web01.example.com',
        'web02.example.com',
        'web03.example.com',
        'dba',
        'dbb',
        'lb.example.com',
      ]);
      expect(vars('web02.example.com').http_port).to.equal(8080);
      expect(vars('dbb').ansible_port).to.equal(5433);
      expect(vars('lb.example.com').ansible_port).to.equal(2222);
    });

    it('reads quoted values with spaces, escapes, and drops # comments as shlex does', () => {
      expect(vars('lb.example.com')).to.include({
        motd: 'hello world',
        secret: '03#pa33w0rd',
        escaped: 'a b',
        hash: 'ab',
      });
    });

    it('converts values as Ansible does: Python literals become data, anything else stays text', () => {
      expect(vars('web01.example.com')).to.deep.include({
        ntp_server: 'ntp.example.com',
        retries: 3,
        enabled: true,
        on: 'true',
        mode: '0644',
        ports: [80, 443],
        limits: { cpu: 2, memory: '1Gi' },
        nothing: null,
        note: 'spaces inside are kept',
        tail: 8080,
      });
    });

    it('makes [x:children] groups children of x, with the hosts of both', () => {
      expect(inv.groups.get('databases')?.children).to.deep.equal(['web', 'reporting']);
      expect(inv.hosts.get('dba')?.groups).to.deep.equal(['all', 'databases', 'web']);
    });

    it('lets a host line override the group vars, the later of two lines win', () => {
      const twice = fromIni('[g]\nn1 a=1 b=1\n[g:vars]\na=group\nc=group\n[h]\nn1 b=2\n');
      expect(twice.hosts.get('n1')?.vars).to.deep.equal({ a: 1, b: 2, c: 'group' });
      expect(twice.hosts.get('n1')?.groups).to.deep.equal(['all', 'g', 'h']);
    });

    it('accepts [all:vars] and a child declared after the :children section', () => {
      const inv2 = fromIni('[all:vars]\nansible_user=core\n[parent:children]\nlater\n[later]\nn1\n');
      expect(inv2.hosts.get('n1')).to.deep.include({
        groups: ['all', 'parent', 'later'],
        vars: { ansible_user: 'core' },
      });
    });
  });

  describe('errors name the file, line and column, with a hint', () => {
    it('a child group that no section defines', () => {
      const err = badIni('undefined-child.ini');
      expect(err.message).to.equal('[k8s_cluster:children] names group "calico_rr", which no section defines');
      expect(err.source).to.deep.equal({
        file: fixture('inventory', 'bad-ini', 'undefined-child.ini'),
        line: 6,
        col: 1,
      });
      expect(err.hint).to.equal('add a [calico_rr] section (it may be empty)');
    });

    it('variables for a group that no section defines', () => {
      const err = badIni('vars-undefined-group.ini');
      expect(err.message).to.equal('[workers:vars] sets variables of group "workers", which no section defines');
      expect(err.source).to.include({ line: 4, col: 2 });
    });

    it('a section of an unknown type, and one with spaces', () => {
      const unknown = badIni('unknown-section.ini');
      expect(unknown.message).to.equal('section [etcd:hosts2] has an unknown type "hosts2"');
      expect(unknown.source).to.include({ line: 4, col: 7 });
      const spaced = badIni('spaced-section.ini');
      expect(spaced.message).to.equal('invalid section header [ k8s_cluster ]');
      expect(spaced.hint).to.include('no spaces inside the brackets');
    });

    it('a word on a host line that is no key=value, at its column', () => {
      const file = fixture('inventory', 'bad-ini', 'bad-var.ini');
      expect(formatError(badIni('bad-var.ini'))).to.equal(
        [
          `${file}:2:29: error: expected key=value after host "node1", got "ansible_user"`,
          '  2 | node1 ansible_host=10.0.0.1 ansible_user',
          '                                  ^',
          '  hint: host variables are written name=value; quote a value that holds spaces: motd="hello world"',
        ].join('\n'),
      );
    });

    it('a quote that is never closed, and a bad range', () => {
      const quote = badIni('unclosed-quote.ini');
      expect(quote.message).to.equal('the quote " is never closed');
      expect(quote.source).to.include({ line: 2, col: 12 });
      const range = badIni('bad-range.ini');
      expect(range.message).to.match(/^bad host range "\[01:100\]" in "node\[01:100\]"/);
      expect(range.source).to.include({ line: 2, col: 3 });
    });

    it('an invalid variable name, a :vars line without =, a host ending in :', () => {
      expect(runbookError(() => fromIni('[g]\nn1 not-ok=1\n')).message).to.equal('invalid variable name "not-ok"');
      const noEq = runbookError(() => fromIni('[g]\nn1\n[g:vars]\n  just_a_name\n'));
      expect(noEq.message).to.equal('expected key=value in [g:vars], got "just_a_name"');
      expect(noEq.source).to.include({ line: 4, col: 3 });
      expect(runbookError(() => fromIni('[g]\nn1:\n')).message).to.match(/ends with ":"/);
    });

    it('a cycle of :children sections, at the line that closes it', () => {
      const err = runbookError(() => fromIni('[a:children]\nb\n\n[b:children]\n  a\n'));
      expect(err.message).to.equal('group "a" is its own ancestor: a → b → a');
      expect(err.source).to.include({ line: 5, col: 3 });
    });

    it('a YAML document in a .ini file', () => {
      const err = runbookError(() => fromIni('---\nall:\n  hosts:\n'));
      expect(err.message).to.equal('this looks like a YAML file, read as INI');
      expect(err.hint).to.include('.yaml');
    });
  });
});
