import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';
import { resetUnits, writeUnit } from '../lab/sim/units.js';

// A loop over units reads them all in one `systemctl show` at its first item
// (engine/loop-ahead.ts, modules/systemd.ts); an item after one that changed the
// host reads its unit again. A logging systemctl first on the lab host's PATH
// (before the stand-in in /usr/local/bin) records every call.
const CALLS = '/tmp/systemd-loop-calls';
const WRAPPER = '/usr/local/sbin/systemctl';

describe('systemd in a loop: the units read in one round trip', () => {
  const host = () => hostNames()[0]!;
  const shows = () =>
    onHost(host(), `cat ${CALLS} 2>/dev/null; true`)
      .split('\n')
      .filter((l) => l.startsWith('show '));
  const loop = async (args: string, units: string[]) => {
    const run = await runYaml(
      `- hosts: ${host()}\n  tasks:\n    - name: units\n      systemd: ${args}\n      loop: ${JSON.stringify(units)}\n`,
    );
    return run.task('units').get(host())!;
  };

  before(() => {
    expect(onHost(host(), 'echo $PATH')).to.match(/\/usr\/local\/sbin:.*\/usr\/local\/bin/);
    onHost(
      host(),
      `printf '%s\\n' '#!/bin/sh' 'echo "$*" >> ${CALLS}' 'exec /usr/local/bin/systemctl "$@"' > ${WRAPPER}; chmod 755 ${WRAPPER}`,
    );
  });
  after(() => {
    onHost(host(), `rm -f ${WRAPPER} ${CALLS}`);
    resetUnits(host(), 'looped');
  });
  beforeEach(() => {
    resetUnits(host(), 'looped');
    for (const u of ['looped-a', 'looped-b']) writeUnit(host(), u);
    onHost(host(), `rm -f ${CALLS}`);
  });

  it('nothing to do: one show for both units, and each item decides on its own unit', async () => {
    onHost(host(), 'systemctl enable looped-b 2>/dev/null');
    const r = await loop('{ name: "{{ item }}", state: stopped }', ['looped-a', 'looped-b', 'looped-missing']);
    expect(r.status).to.equal('ok');
    expect(r.items?.map((i) => i.status)).to.deep.equal(['ok', 'ok', 'ok']);
    expect(shows()).to.deep.equal(['show -p LoadState,ActiveState,UnitFileState -- looped-a looped-b looped-missing']);
  });

  it('an item after one that changed the host reads its unit again, and sees it as it is then', async () => {
    onHost(host(), 'systemctl enable --now looped-a looped-b 2>/dev/null');
    const r = await loop('{ name: "{{ item }}", state: stopped, enabled: false }', ['looped-a', 'looped-b']);
    expect(r.items?.map((i) => [i.status, i.item])).to.deep.equal([
      ['changed', 'looped-a'],
      ['changed', 'looped-b'],
    ]);
    expect(shows()).to.deep.equal([
      'show -p LoadState,ActiveState,UnitFileState -- looped-a looped-b',
      'show -p LoadState,ActiveState,UnitFileState -- looped-b',
    ]);
    expect(
      onHost(host(), 'systemctl is-active looped-a looped-b; systemctl is-enabled looped-a looped-b; true'),
    ).to.equal('inactive\ninactive\ndisabled\ndisabled\n');
    const again = await loop('{ name: "{{ item }}", state: stopped, enabled: false }', ['looped-a', 'looped-b']);
    expect(again.items?.map((i) => i.status)).to.deep.equal(['ok', 'ok']);
  });

  it('with daemon_reload each item reads its unit after its own reload', async () => {
    const r = await loop('{ name: "{{ item }}", state: stopped, daemon_reload: true }', ['looped-a', 'looped-b']);
    expect(r.items?.map((i) => i.status)).to.deep.equal(['ok', 'ok']);
    const calls = onHost(host(), `cat ${CALLS}`).trim().split('\n');
    expect(calls).to.deep.equal([
      'daemon-reload',
      'show -p LoadState,ActiveState,UnitFileState -- looped-a',
      'daemon-reload',
      'show -p LoadState,ActiveState,UnitFileState -- looped-b',
    ]);
  });
});
