// The batch's table of host states answers "who goes on" alone: a failure takes a
// host out of its task list, a block takes it back for its rescue or always.
import { expect } from 'chai';
import { HostTable } from '../../src/engine/host-table.js';
import { taskResult as result } from '../support/task-result.js';

describe('the batch host table', () => {
  const hosts = ['a', 'b', 'c', 'd'].map((name) => ({ name }));

  it('takes a failed or unreachable host out of its list; an ignored failure and a change do not', () => {
    const t = new HostTable(hosts.map((h) => h.name));
    expect(t.settle(result('a', { status: 'failed', msg: 'boom' }), 'step', 'boom')).to.equal(true);
    expect(t.settle(result('b', { status: 'unreachable' }), 'step', '')).to.equal(true);
    expect(t.settle(result('c', { status: 'failed', ignored: true }), 'step', '')).to.equal(false);
    expect(t.settle(result('d', { status: 'changed', changes: ['x'] }), 'step', '')).to.equal(false);
    expect(t.goingOn(hosts).map((h) => h.name)).to.deep.equal(['c', 'd']);
    expect([t.state('a'), t.state('b'), t.state('c')]).to.deep.equal(['failed', 'unreachable', 'ok']);
    expect(t.failed()).to.deep.equal(['a', 'b']);
    expect(t.lastFailure.get('a')).to.deep.equal({ task: 'step', msg: 'boom' });
    expect(t.lastChanged.get('d')).to.equal('step');
  });

  it('keeps a failure a rescue takes over as rescuing: out of the body, not failed, back in for the rescue', () => {
    const t = new HostTable(hosts.map((h) => h.name));
    t.settle(result('a', { status: 'failed', rescued: true }), 'step', '');
    expect(t.state('a')).to.equal('rescuing');
    expect(t.leftOf(hosts).map((h) => h.name)).to.deep.equal(['a']);
    expect(t.failed()).to.deep.equal([]);
    t.takeBack('a');
    expect(t.goingOn(hosts)).to.have.length(4);
  });

  it('lets a host that left run an always, then leave again as it stands', () => {
    const t = new HostTable(hosts.map((h) => h.name));
    t.leave('c', 'stopped');
    t.takeBack('c');
    expect(t.goingOn(hosts).map((h) => h.name)).to.include('c');
    t.leave('c');
    expect(t.state('c')).to.equal('stopped');
    expect(t.goingOn(hosts).map((h) => h.name)).to.deep.equal(['a', 'b', 'd']);
  });
});
