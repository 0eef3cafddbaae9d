import { expect } from 'chai';
import { parseLimit, selectHosts } from '../../src/inventory/pattern.js';
import { withImplicitLocalhost } from '../../src/inventory/implicit-localhost.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { fixture, runbookError } from '../parse/support.js';

describe('host patterns', () => {
  // node1-2 control plane, node1-5 kube_node, node1-3 etcd, node6 ungrouped
  const inv = loadInventory(fixture('inventory', 'kubespray', 'hosts.yaml'));
  const select = (pattern: string) => selectHosts(inv, pattern);

  it('selects every host with all or *', () => {
    expect(select('all')).to.deep.equal(['node1', 'node2', 'node3', 'node4', 'node5', 'node6']);
    expect(select('*')).to.deep.equal(select('all'));
  });

  it('selects a group, including hosts of its child groups', () => {
    expect(select('k8s_cluster')).to.deep.equal(['node1', 'node2', 'node3', 'node4', 'node5']);
  });

  it('selects a single host', () => {
    expect(select('node4')).to.deep.equal(['node4']);
  });

  it('takes the union of a:b and a,b in inventory order', () => {
    expect(select('ungrouped:kube_control_plane')).to.deep.equal(['node1', 'node2', 'node6']);
    expect(select('node5,etcd')).to.deep.equal(['node1', 'node2', 'node3', 'node5']);
  });

  it('intersects with a:&b', () => {
    expect(select('kube_node:&etcd')).to.deep.equal(['node1', 'node2', 'node3']);
  });

  it('excludes with a:!b, whatever the order of the terms', () => {
    expect(select('kube_node:!kube_control_plane')).to.deep.equal(['node3', 'node4', 'node5']);
    expect(select('!kube_control_plane:kube_node')).to.deep.equal(['node3', 'node4', 'node5']);
  });

  it('starts from all when there are only exclusions', () => {
    expect(select('!k8s_cluster')).to.deep.equal(['node6']);
  });

  it('matches globs against group and host names', () => {
    expect(select('kube_*:!etcd')).to.deep.equal(['node4', 'node5']);
    expect(select('node[45]')).to.deep.equal(['node4', 'node5']);
    expect(select('node?:!k8s_cluster')).to.deep.equal(['node6']);
  });

  it('matches ~regex from the start of names', () => {
    expect(select('~node[2-4]')).to.deep.equal(['node2', 'node3', 'node4']);
    expect(select('~(etcd|calico_rr)$')).to.deep.equal(['node1', 'node2', 'node3']);
  });

  it('returns no hosts for an existing but empty group, without an error', () => {
    expect(select('calico_rr')).to.deep.equal([]);
    expect(select('ungrouped:&etcd')).to.deep.equal([]);
  });

  it('refuses a name that is no group or host, suggesting the nearest and listing groups', () => {
    const err = runbookError(() => select('kube_nodes:!node1'));
    expect(err.code).to.equal('usage');
    expect(err.message).to.equal(
      'host pattern "kube_nodes:!node1": no group or host matches "kube_nodes"; did you mean "kube_node"?',
    );
    expect(err.hint).to.include('kube_control_plane, kube_node, etcd');
  });

  it('refuses a glob that matches no name and a broken regex', () => {
    expect(runbookError(() => select('web*')).message).to.match(/no group or host matches "web\*"/);
    expect(runbookError(() => select('~node[')).message).to.match(/invalid regular expression/);
  });

  describe('parseLimit', () => {
    const noFile = (): string => {
      throw new Error('no file expected');
    };

    it('takes the same syntax as a host pattern', () => {
      expect(parseLimit(inv, 'etcd:!node1', noFile)).to.deep.equal(['node2', 'node3']);
    });

    it('reads @file: one host or pattern per line, comments and blanks skipped', () => {
      const files: Record<string, string> = { 'retry.txt': 'node5\n# failed last time\n\nnode2\n' };
      expect(parseLimit(inv, '@retry.txt', (p) => files[p] ?? '')).to.deep.equal(['node2', 'node5']);
    });

    it('names a --limit that matches nothing known', () => {
      const err = runbookError(() => parseLimit(inv, 'node9', noFile));
      expect(err.message).to.equal('--limit "node9": no group or host matches "node9"; did you mean "node1"?');
    });

    it('reports an unreadable @file as a usage error', () => {
      const err = runbookError(() => parseLimit(inv, '@gone.txt', noFile));
      expect(err.code).to.equal('usage');
      expect(err.message).to.equal('cannot read --limit file gone.txt: no file expected');
    });
  });
});

describe('host patterns: subscripts and the implicit localhost', () => {
  const inv = loadInventory(fixture('inventory', 'kubespray', 'hosts.yaml'));
  const select = (pattern: string) => selectHosts(inv, pattern);

  it('picks hosts of a group by index, from the end, and by inclusive range, as Ansible', () => {
    expect(select('kube_node[0]')).to.deep.equal(['node1']);
    expect(select('kube_node[-1]')).to.deep.equal(['node5']);
    expect(select('kube_node[1:3]')).to.deep.equal(['node2', 'node3', 'node4']);
    expect(select('kube_node[3:]')).to.deep.equal(['node4', 'node5']);
    expect(select('etcd[0]:kube_node[-1]')).to.deep.equal(['node1', 'node5']);
    expect(select('kube_node:!kube_node[0]')).to.deep.equal(['node2', 'node3', 'node4', 'node5']);
  });

  it('refuses an index past the end, saying how many hosts the group has', () => {
    const err = runbookError(() => select('etcd[3]'));
    expect(err.message).to.equal(
      'host pattern "etcd[3]": "etcd[3]" asks for host 3 of "etcd", which has 3 (node1, node2, node3)',
    );
    expect(err.hint).to.match(/from 0 to 2/);
  });

  it('matches the implicit localhost by name only, never through all or a glob', () => {
    const withLocal = withImplicitLocalhost(inv);
    expect(selectHosts(withLocal, 'localhost')).to.deep.equal(['localhost']);
    expect(selectHosts(withLocal, 'all')).to.not.include('localhost');
    expect(runbookError(() => selectHosts(withLocal, 'local*')).message).to.match(/no group or host matches "local\*"/);
    expect(withLocal.hosts.get('localhost')!.vars.ansible_connection).to.equal('local');
  });
});
