import { expect } from 'chai';
import type { TaskResult } from '../../src/engine/events.js';
import { splitScript } from '../../src/modules/script.js';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// script, as Ansible 2.14's action: copied from files/ to a temp directory on the
// host, run there, the directory removed; --check skips it unless a guard is given.
describe('script module', () => {
  const host = () => hostNames()[0]!;
  const files = {
    // Records its arguments and where it ran; counts its runs.
    'files/record.sh':
      '#!/bin/sh\nprintf "%s|" "$@" > /srv/sc/out\npwd >> /srv/sc/out\necho run >> /srv/sc/runs\necho "done $#"\n',
    'files/fail.sh': '#!/bin/sh\necho broken >&2\nexit 4\n',
  };
  const script = async (args: object | string, opts: RunOpts = {}): Promise<TaskResult> =>
    (
      await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: s\n      script: ${JSON.stringify(args)}\n`, {
        ...opts,
        files,
      })
    )
      .task('s')
      .get(host())!;
  const leftovers = () => onHost(host(), 'ls -d /tmp/runbook-script.* 2>/dev/null | wc -l').trim();

  beforeEach(() => onHost(host(), 'rm -rf /srv/sc && mkdir -p /srv/sc/work'));

  it('runs with its arguments in chdir each time (changed), with rc and stdout, and leaves no temp directory', async () => {
    const args = { cmd: `record.sh one "two words" '$(touch /srv/sc/pwned)'`, chdir: '/srv/sc/work' };
    const r = await script(args);
    expect([r.status, r.data.rc, r.data.stdout]).to.deep.equal(['changed', 0, 'done 3\n']);
    expect(onHost(host(), 'cat /srv/sc/out; ls /srv/sc')).to.equal(
      'one|two words|$(touch /srv/sc/pwned)|/srv/sc/work\nout\nruns\nwork\n',
    );
    expect((await script(args)).status).to.equal('changed');
    expect(onHost(host(), 'cat /srv/sc/runs')).to.equal('run\nrun\n');
    expect(leftovers()).to.equal('0');
  });

  it('creates/removes skip it; --check skips it without a guard and says it would run with one, running nothing', async () => {
    const created = await script({ cmd: 'record.sh', creates: '/srv/sc/work' });
    expect([created.status, created.msg]).to.deep.equal(['skipped', '/srv/sc/work exists, matching creates option']);
    const removed = await script({ cmd: 'record.sh', removes: '/srv/sc/nope' });
    expect([removed.status, removed.msg]).to.deep.equal([
      'skipped',
      '/srv/sc/nope does not exist, matching removes option',
    ]);
    const unguarded = await script('record.sh', { check: true });
    expect([unguarded.status, unguarded.msg]).to.deep.equal(['skipped', 'Check mode is not supported for this task.']);
    const guarded = await script({ cmd: 'record.sh', creates: '/srv/sc/out' }, { check: true });
    expect([guarded.status, guarded.changes]).to.deep.equal(['changed', ['run the script record.sh']]);
    expect(onHost(host(), 'ls /srv/sc')).to.equal('work\n');
    const first = await script({ cmd: 'record.sh', creates: '/srv/sc/out' });
    expect(first.status).to.equal('changed');
    expect((await script({ cmd: 'record.sh', creates: '/srv/sc/out' })).status).to.equal('skipped');
    expect(onHost(host(), 'cat /srv/sc/runs')).to.equal('run\n');
  });

  it('executable runs it; a failing script, a missing one and a relative chdir fail clearly', async () => {
    const viaBash = await script({ cmd: 'record.sh x', executable: 'bash' });
    expect(viaBash.status).to.equal('changed');
    const failed = await script('fail.sh');
    expect([failed.status, failed.msg, failed.data.rc, failed.data.stderr]).to.deep.equal([
      'failed',
      'non-zero return code',
      4,
      'broken\n',
    ]);
    const missing = await script('no-such.sh');
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.match(/^script no-such\.sh: .*no-such\.sh/s);
    const relative = await script({ cmd: 'record.sh', chdir: 'work' });
    expect([relative.status, relative.msg]).to.deep.equal([
      'failed',
      'chdir work must be an absolute path for a Unix-aware remote node',
    ]);
    expect(leftovers()).to.equal('0');
  });

  it('the script is the first word of the line, quoted or not; the rest is kept as written', () => {
    expect(splitScript(' a.sh  x "y z"')).to.deep.equal({ name: 'a.sh', rest: '  x "y z"' });
    expect(splitScript(`'my script.sh' --flag`)).to.deep.equal({ name: 'my script.sh', rest: ' --flag' });
    expect(splitScript('only.sh')).to.deep.equal({ name: 'only.sh', rest: '' });
  });
});
