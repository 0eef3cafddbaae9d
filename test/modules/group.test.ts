import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.builtin.group on a lab host (its /etc is the host's own overlay copy). Result
// fields as ansible-playbook 2.14 gives them (the `accounts` corpus case).
describe('group module', () => {
  const host = () => hostNames()[0]!;
  const entry = (name: string) => onHost(host(), `getent group ${name}; true`).trim();
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: g\n      ansible.builtin.group: ${args}\n`, opts))
      .task('g')
      .get(host())!;

  beforeEach(() => onHost(host(), 'for g in labgrp labsys; do groupdel $g 2>/dev/null; done; true'));

  it('adds a group with a gid; again, ok; a new gid is one groupmod; result fields as Ansible', async () => {
    const first = await task('{ name: labgrp, gid: 4100 }');
    expect([first.status, first.changes]).to.deep.equal(['changed', ['groupadd -g 4100 labgrp']]);
    expect(first.data).to.deep.equal({ name: 'labgrp', state: 'present', system: false, gid: 4100 });
    expect(entry('labgrp')).to.equal('labgrp:x:4100:');
    const again = await task('{ name: labgrp, gid: 4100 }');
    expect([again.status, again.data]).to.deep.equal([
      'ok',
      { name: 'labgrp', state: 'present', system: false, gid: 4100 },
    ]);
    const moved = await task('{ name: labgrp, gid: 4101 }');
    expect([moved.status, moved.changes, moved.data.gid]).to.deep.equal([
      'changed',
      ['groupmod -g 4101 labgrp (was 4100)'],
      4101,
    ]);
    expect(entry('labgrp')).to.equal('labgrp:x:4101:');
  });

  it('system: true makes a system group (gid below 1000)', async () => {
    const r = await task('{ name: labsys, system: true }');
    expect(r.changes).to.deep.equal(['groupadd -r labsys']);
    expect(r.data.gid).to.be.a('number').below(1000);
  });

  it('--check changes nothing; absent removes it, then ok', async () => {
    const checked = await task('{ name: labgrp }', { check: true, diff: true });
    expect([checked.status, checked.changes, entry('labgrp')]).to.deep.equal(['changed', ['groupadd labgrp'], '']);
    await task('{ name: labgrp }');
    const gone = await task('{ name: labgrp, state: absent }');
    expect([gone.status, gone.changes, entry('labgrp')]).to.deep.equal(['changed', ['groupdel labgrp'], '']);
    expect((await task('{ name: labgrp, state: absent }')).status).to.equal('ok');
  });

  it("a gid another group has fails with groupadd's words; non_unique allows it", async () => {
    const r = await task('{ name: labgrp, gid: 0 }');
    expect([r.status, r.msg]).to.deep.equal(['failed', "groupadd: GID '0' already exists"]);
    expect((await task('{ name: labgrp, gid: 0, non_unique: true }')).status).to.equal('changed');
  });
});
