import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.posix.mount on a lab host. Each host has its own mount namespace (private
// propagation, test/lab/host-process.ts): a tmpfs mounted there is invisible to the
// machine, and every test unmounts what it mounted. Compared with ansible-playbook 2.14
// in the `mount-swap` corpus case.
describe('mount module', () => {
  const host = () => hostNames()[0]!;
  const FSTAB = '/etc/fstab.lab';
  const mounted = (path: string) => onHost(host(), `mountpoint -q ${path} && echo yes || echo no`).trim();
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: m\n      ansible.posix.mount: ${args}\n`, opts))
      .task('m')
      .get(host())!;
  const tmpfs = `{ path: /mnt/lab-tmp, src: tmpfs, fstype: tmpfs, opts: "size=1m", fstab: ${FSTAB}, state: mounted }`;

  beforeEach(() =>
    onHost(
      host(),
      `umount /mnt/lab-tmp 2>/dev/null; rm -rf /mnt/lab-tmp; printf '# lab fstab\\nUUID=abc / ext4 errors=remount-ro 0 1\\n' > ${FSTAB}`,
    ),
  );
  afterEach(() => {
    onHost(host(), 'umount /mnt/lab-tmp 2>/dev/null; rm -rf /mnt/lab-tmp; true');
    // Nothing of the host's mounts is seen from the machine.
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).to.not.contain('/mnt/lab-tmp');
  });

  it('mounted: writes the fstab line, makes the directory and mounts; again, ok; result fields as Ansible', async () => {
    const first = await task(tmpfs);
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      [`write ${FSTAB} (87 bytes)`, 'mount /mnt/lab-tmp'],
    ]);
    expect(hostFile(host(), FSTAB)).to.equal(
      '# lab fstab\nUUID=abc / ext4 errors=remount-ro 0 1\ntmpfs /mnt/lab-tmp tmpfs size=1m 0 0\n',
    );
    expect(mounted('/mnt/lab-tmp')).to.equal('yes');
    expect(first.data).to.deep.equal({
      name: '/mnt/lab-tmp',
      src: 'tmpfs',
      fstype: 'tmpfs',
      opts: 'size=1m',
      dump: '0',
      passno: '0',
      fstab: FSTAB,
      boot: 'yes',
      backup_file: '',
    });
    const again = await task(tmpfs);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('new opts under a mounted path: the line is rewritten and the path remounted', async () => {
    await task(tmpfs);
    const r = await task(tmpfs.replace('size=1m', 'size=2m'));
    expect(r.changes).to.deep.equal([`write ${FSTAB} (87 bytes)`, 'remount /mnt/lab-tmp']);
    expect(onHost(host(), 'findmnt -rn -o OPTIONS /mnt/lab-tmp').trim()).to.contain('size=2048k');
  });

  it('unmounted, then absent: the line goes, the directory too; then ok', async () => {
    await task(tmpfs);
    const un = await task(`{ path: /mnt/lab-tmp, fstab: ${FSTAB}, state: unmounted }`);
    expect([un.changes, mounted('/mnt/lab-tmp')]).to.deep.equal([['umount /mnt/lab-tmp'], 'no']);
    expect((await task(`{ path: /mnt/lab-tmp, fstab: ${FSTAB}, state: unmounted }`)).status).to.equal('ok');
    const gone = await task(`{ path: /mnt/lab-tmp, fstab: ${FSTAB}, state: absent }`);
    expect(gone.changes).to.deep.equal([`write ${FSTAB} (50 bytes)`, 'unmount and remove /mnt/lab-tmp']);
    expect(hostFile(host(), FSTAB)).to.equal('# lab fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n');
    expect(onHost(host(), 'test -e /mnt/lab-tmp && echo left; true').trim()).to.equal('');
    expect((await task(`{ path: /mnt/lab-tmp, fstab: ${FSTAB}, state: absent }`)).status).to.equal('ok');
  });

  it('swap as node roles remove it: name none / swap, fstype swap, state absent takes out the swap lines only', async () => {
    onHost(
      host(),
      `printf 'UUID=abc / ext4 defaults 0 1\\n/swap.img none swap sw 0 0\\n/dev/sdb2 swap swap defaults 0 0\\n' > ${FSTAB}`,
    );
    const r = (
      await runYaml(
        `- hosts: ${host()}\n  tasks:\n    - name: m\n      mount: { name: "{{ item }}", fstype: swap, state: ` +
          `absent, fstab: ${FSTAB} }\n      loop: [swap, none]\n`,
      )
    )
      .task('m')
      .get(host())!;
    expect(r.status).to.equal('changed');
    expect(hostFile(host(), FSTAB)).to.equal('UUID=abc / ext4 defaults 0 1\n');
  });

  it('--check and --diff: the fstab diff, nothing mounted or written', async () => {
    const r = await task(tmpfs, { check: true, diff: true });
    expect([r.status, r.changes]).to.deep.equal(['changed', [`write ${FSTAB} (87 bytes)`, 'mount /mnt/lab-tmp']]);
    expect(r.diffs[0]).to.deep.include({
      path: FSTAB,
      after: '# lab fstab\nUUID=abc / ext4 errors=remount-ro 0 1\ntmpfs /mnt/lab-tmp tmpfs size=1m 0 0\n',
    });
    expect([mounted('/mnt/lab-tmp'), hostFile(host(), FSTAB)]).to.deep.equal([
      'no',
      '# lab fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n',
    ]);
  });

  it("a mount that fails reports mount's words; state mounted without src is refused as Ansible", async () => {
    const bad = await task(
      `{ path: /mnt/lab-tmp, src: /dev/lab-nothing, fstype: ext4, fstab: ${FSTAB}, state: mounted }`,
    );
    expect(bad.status).to.equal('failed');
    expect(bad.msg).to.match(/^Error mounting \/mnt\/lab-tmp: mount: /);
    const r = await task('{ path: /mnt/lab-tmp, state: mounted }');
    expect([r.status, r.msg]).to.deep.equal([
      'failed',
      'state is mounted but all of the following are missing: src, fstype',
    ]);
  });
});
