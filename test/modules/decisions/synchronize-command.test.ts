// synchronize's rsync command line and result, as ansible.posix.synchronize builds and reads
// them (the lab case test/ansible-corpus/synchronize runs them beside ansible-playbook).
import { expect } from 'chai';
import { remoteEnd, rsyncArgv, rsyncResult } from '../../../src/modules/synchronize/rsync-command.js';

const FORMAT = '--out-format=<<CHANGED>>%i %n%L';

describe('synchronize: the rsync command line', () => {
  it('by default: delay-updates, -F, compress, archive, and the marker format, then src and dest', () => {
    expect(rsyncArgv({}, '/a/', 'h:/b', undefined, false)).to.deep.equal([
      'rsync',
      '--delay-updates',
      '-F',
      '--compress',
      '--archive',
      FORMAT,
      '/a/',
      'h:/b',
    ]);
  });

  it('archive parts set false are turned off; without archive, parts set true are turned on', () => {
    const off = rsyncArgv({ perms: false, owner: false, group: false }, 's', 'd', undefined, false);
    expect(off).to.include.members(['--archive', '--no-perms', '--no-owner', '--no-group']);
    const on = rsyncArgv({ archive: false, recursive: true, times: true, compress: false }, 's', 'd', undefined, false);
    expect(on).to.deep.equal(['rsync', '--delay-updates', '-F', '--recursive', '--times', FORMAT, 's', 'd']);
  });

  it('--check is --dry-run; checksum, delete, rsync_opts in the module order, an empty option dropped', () => {
    const argv = rsyncArgv(
      { checksum: true, delete: true, rsync_opts: ['--exclude=*.tmp', ''], partial: true, delay_updates: false },
      's',
      'd',
      undefined,
      true,
    );
    expect(argv).to.deep.equal([
      'rsync',
      '-F',
      '--compress',
      '--dry-run',
      '--delete-after',
      '--checksum',
      '--archive',
      '--exclude=*.tmp',
      '--partial',
      FORMAT,
      's',
      'd',
    ]);
  });

  it("ssh as the module writes it: no multiplexing, the key, the port, no host key check, the host's ssh args", () => {
    const argv = rsyncArgv({}, 's', 'd', { privateKey: '/k/id ed', port: 2222, sshArgs: '-o ProxyJump=j' }, false);
    expect(argv).to.include(
      "--rsh=ssh -S none -i '/k/id ed' -o Port=2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ProxyJump=j",
    );
    expect(rsyncArgv({ verify_host: true }, 's', 'd', {}, false)).to.include('--rsh=ssh -S none');
  });

  it('a remote end is [user@]host:path, an IPv6 host in brackets, an rsync:// URL as it is', () => {
    expect(remoteEnd('10.0.0.1', '/p', 'root')).to.equal('root@10.0.0.1:/p');
    expect(remoteEnd('fd00::1', '/p', 'root')).to.equal('[root@fd00::1]:/p');
    expect(remoteEnd('h', '/p', undefined)).to.equal('h:/p');
    expect(remoteEnd('h', 'rsync://m/x', 'u')).to.equal('rsync://m/x');
  });

  it('changed when rsync itemized a line; msg and stdout_lines without the marker', () => {
    const r = rsyncResult(['rsync'], 'created directory /b\n<<CHANGED>>cd+++++++++ ./\n<<CHANGED>>>f+++++++++ a\n');
    expect(r).to.deep.include({
      changed: true,
      msg: 'created directory /b\ncd+++++++++ ./\n>f+++++++++ a\n',
      stdout_lines: ['created directory /b', 'cd+++++++++ ./', '>f+++++++++ a'],
    });
    expect(rsyncResult(['rsync'], '')).to.deep.include({ changed: false, msg: '', stdout_lines: [] });
  });
});
