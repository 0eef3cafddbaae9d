import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { withZone } from '../../src/modules/timezone.js';

// community.general.timezone on a lab host (Debian, no systemd: timedatectl does not answer),
// as community.general 6.6 did it under ansible-playbook 2.14 in the `timezone` corpus case.
describe('timezone module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const reset = () => onHost(host(), 'echo Etc/UTC > /etc/timezone; ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime');
  const task = async (name: string, opts: RunOpts = {}) => {
    const yaml = `- hosts: ${host()}\n  tasks:\n    - name: t\n      community.general.timezone: { name: ${name} }\n`;
    return (await runYaml(yaml, opts)).task('t').get(host())!;
  };
  beforeEach(reset);
  after(reset);

  it("sets /etc/timezone and the /etc/localtime link with Ansible's diff and msg; again, ok", async () => {
    const t = await task('Europe/Berlin', { diff: true });
    expect([t.status, t.changes, t.msg]).to.deep.equal([
      'changed',
      ['time zone Europe/Berlin (was Etc/UTC)'],
      'Added 1 line and deleted 1 line(s) on /etc/timezone',
    ]);
    expect(t.diffs).to.deep.equal([{ path: 'timezone', before: 'name = Etc/UTC\n', after: 'name = Europe/Berlin\n' }]);
    expect(t.data.diff).to.deep.equal({ before: { name: 'Etc/UTC' }, after: { name: 'Europe/Berlin' } });
    expect(hostFile(host(), '/etc/timezone')).to.equal('Europe/Berlin\n');
    expect(onHost(host(), 'readlink /etc/localtime')).to.equal('/usr/share/zoneinfo/Europe/Berlin\n');
    const again = await task('Europe/Berlin');
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('a /etc/localtime that links elsewhere than /etc/timezone says is a change; --check writes nothing', async () => {
    onHost(host(), 'echo Asia/Tokyo > /etc/timezone');
    const t = await task('Asia/Tokyo', { check: true });
    expect([t.status, t.changes]).to.deep.equal(['changed', ['time zone Asia/Tokyo (was Etc/UTC)']]);
    expect([hostFile(host(), '/etc/timezone'), onHost(host(), 'readlink /etc/localtime')]).to.deep.equal([
      'Asia/Tokyo\n',
      '/usr/share/zoneinfo/Etc/UTC\n',
    ]);
  });

  it('/etc/timezone: the first zone line replaced, other zone lines dropped, comments kept', () => {
    expect(withZone('Etc/UTC\n  # note\nOld/Zone\n', 'Asia/Tokyo')).to.deep.equal({
      content: 'Asia/Tokyo\n  # note\n',
      dropped: 2,
    });
    expect(withZone('', 'Asia/Tokyo')).to.deep.equal({ content: 'Asia/Tokyo\n', dropped: 0 });
  });
});
