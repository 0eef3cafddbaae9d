// Ansible's fact names from one reading of a host (facts/system.ts, facts/host/):
// a Debian reading and an Ubuntu/RHEL os-release as data, the gather_subset
// decisions ansible-core 2.14 made on a lab host, and runbook's own facts derived
// from the same reading. Data only, no host (test/ansible-corpus/facts-names runs
// it on lab hosts under both engines).
import { expect } from 'chai';
import { ansibleFacts } from '../../src/facts/host/ansible-facts.js';
import { parseReading } from '../../src/facts/host/reading.js';
import { chosenSubsets, keptByFilter } from '../../src/facts/host/subsets.js';
import { factsOf } from '../../src/facts/system.js';

const DEBIAN = [
  'system=Linux',
  'kernel=6.1.0-18-amd64',
  'kernel_version=#1 SMP',
  'machine=x86_64',
  'nodename=node1',
  'hostname=node1',
  'hosts_entry=10.0.0.5      node1.lab.example node1',
  '@os-release',
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION_CODENAME=bookworm',
  'ID=debian',
  '@end',
  'debian_version=12.11',
  'init=systemd',
  'have_apt-get=1',
  'user=deploy',
  'uid=1000',
  'gid=1000',
  'euid=1000',
  'egid=1000',
  'passwd=deploy:x:1000:1000:Deploy User,,,:/home/deploy:/bin/bash',
  '@env',
  'HOME=/home/deploy',
  'MULTI=a',
  'b',
  '@end',
  '@meminfo',
  'MemTotal:        4030000 kB',
  'MemFree:          100000 kB',
  'SwapTotal:             0 kB',
  'SwapFree:              0 kB',
  '@end',
  '@cpuinfo',
  'processor\t: 0',
  'physical id\t: 0',
  'siblings\t: 4',
  'cpu cores\t: 2',
  'processor\t: 1',
  'physical id\t: 0',
  'siblings\t: 4',
  'cpu cores\t: 2',
  '@end',
  'nproc=4',
  '@mounts',
  '/dev/vda1 / ext4 rw,relatime 4096 4096 1000 400 500 100',
  '/dev/vdb /mnt/my\\040data xfs rw 4096 4096 10 5 20 10',
  '@end',
  '@links',
  'lo 00:00:00:00:00:00 65536 0x9 772 ',
  'eth0 52:54:00:12:34:56 1500 0x1003 1 ',
  'eth1 52:54:00:ab:cd:ef 1500 0x1002 1 ',
  '@end',
  '@addr',
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:1\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet6 fe80::5054:ff:fe12:3456/64 scope link \\       valid_lft forever preferred_lft forever',
  '@end',
  '@route4',
  '8.8.8.8 via 10.0.0.1 dev eth0 src 10.0.0.5 uid 1000 ',
  '    cache ',
  '@end',
  '@route6',
  '@end',
  'python={"executable": "/usr/bin/python3", "has_sslcontext": true, "type": "cpython", "version": {"major": ' +
    '3, "minor": 11, "micro": 2, "releaselevel": "final", "serial": 0}, "version_info": [3, 11, 2, ' +
    '"final", 0]}',
  'containerd_version=containerd containerd.io 1.6.28 ae07eda36dd25f8a1b98dfbf587313b99c0190bb',
  'crictl_version=crictl version v1.28.0',
].join('\n');

describe('Ansible facts from one reading', () => {
  const facts = ansibleFacts(parseReading(DEBIAN));

  it('platform, distribution, user and managers as ansible-core names them', () => {
    expect(facts).to.include({
      system: 'Linux',
      kernel: '6.1.0-18-amd64',
      machine: 'x86_64',
      architecture: 'x86_64',
      hostname: 'node1',
      nodename: 'node1',
      fqdn: 'node1.lab.example',
      domain: 'lab.example',
      distribution: 'Debian',
      distribution_version: '12.11',
      distribution_major_version: '12',
      distribution_minor_version: '11',
      distribution_release: 'bookworm',
      os_family: 'Debian',
      service_mgr: 'systemd',
      pkg_mgr: 'apt',
      user_id: 'deploy',
      user_uid: 1000,
      user_dir: '/home/deploy',
      user_shell: '/bin/bash',
      user_gecos: 'Deploy User,,,',
      python_version: '3.11.2',
    });
    expect(facts.env).to.deep.equal({ HOME: '/home/deploy', MULTI: 'a\nb' });
  });

  it('memory in whole MB, processors from /proc/cpuinfo, mounts of devices with their statvfs sizes', () => {
    expect(facts).to.include({
      memtotal_mb: 3935,
      memfree_mb: 97,
      processor_count: 1,
      processor_cores: 2,
      processor_threads_per_core: 2,
      processor_vcpus: 4,
      processor_nproc: 4,
    });
    expect(facts.mounts).to.deep.equal([
      {
        mount: '/',
        device: '/dev/vda1',
        fstype: 'ext4',
        options: 'rw,relatime',
        size_total: 4096000,
        size_available: 1638400,
        block_size: 4096,
        block_total: 1000,
        block_available: 400,
        block_used: 600,
        inode_total: 500,
        inode_available: 100,
        inode_used: 400,
        uuid: 'N/A',
      },
      {
        mount: '/mnt/my data',
        device: '/dev/vdb',
        fstype: 'xfs',
        options: 'rw',
        size_total: 40960,
        size_available: 20480,
        block_size: 4096,
        block_total: 10,
        block_available: 5,
        block_used: 5,
        inode_total: 20,
        inode_available: 10,
        inode_used: 10,
        uuid: 'N/A',
      },
    ]);
  });

  it("interfaces in /sys/class/net order, the default route's interface, secondaries and addresses without loopback", () => {
    expect(facts.interfaces).to.deep.equal(['lo', 'eth0', 'eth1']);
    expect(facts.all_ipv4_addresses).to.deep.equal(['10.0.0.5', '10.0.0.6']);
    expect(facts.all_ipv6_addresses).to.deep.equal(['fe80::5054:ff:fe12:3456']);
    expect(facts.default_ipv4).to.deep.equal({
      interface: 'eth0',
      address: '10.0.0.5',
      gateway: '10.0.0.1',
      broadcast: '10.0.0.255',
      netmask: '255.255.255.0',
      network: '10.0.0.0',
      prefix: '24',
      macaddress: '52:54:00:12:34:56',
      mtu: 1500,
      type: 'ether',
      alias: 'eth0',
    });
    expect(facts.default_ipv6).to.deep.equal({});
    expect(facts.lo)
      .to.deep.include({ device: 'lo', active: true, type: 'loopback', mtu: 65536 })
      .and.not.have.property('macaddress');
    expect(facts.eth1).to.deep.equal({
      device: 'eth1',
      active: false,
      type: 'ether',
      mtu: 1500,
      promisc: false,
      macaddress: '52:54:00:ab:cd:ef',
    });
    expect((facts.eth0 as { ipv4_secondaries: unknown[] }).ipv4_secondaries).to.deep.equal([
      { address: '10.0.0.6', broadcast: '10.0.0.255', netmask: '255.255.255.0', network: '10.0.0.0', prefix: '24' },
    ]);
  });

  it("runbook's own facts come from the same reading", () => {
    expect(factsOf(parseReading(DEBIAN)).runbook).to.deep.equal({
      hostname: 'node1',
      os_id: 'debian',
      os_family: 'Debian',
      os_version: '12',
      arch: 'x86_64',
      kernel: '6.1.0-18-amd64',
      init: 'systemd',
      containerd_version: '1.6.28',
      crictl_version: '1.28.0',
    });
  });

  it('Ubuntu, Rocky and an unknown ID_LIKE=debian name their distribution and family as Ansible does', () => {
    const os = (lines: string[], extra: string[] = []) =>
      ansibleFacts(parseReading(['@os-release', ...lines, '@end', ...extra].join('\n')), ['distribution', 'pkg_mgr']);
    expect(
      os(
        ['ID=ubuntu', 'VERSION_ID="22.04"', 'VERSION_CODENAME=jammy'],
        ['debian_version=bookworm/sid', 'have_apt-get=1'],
      ),
    ).to.deep.equal({
      distribution: 'Ubuntu',
      distribution_version: '22.04',
      distribution_major_version: '22',
      distribution_minor_version: '04',
      distribution_release: 'jammy',
      os_family: 'Debian',
      pkg_mgr: 'apt',
    });
    expect(
      os(
        ['ID="rocky"', 'VERSION="9.3 (Blue Onyx)"', 'VERSION_ID="9.3"', 'ID_LIKE="rhel centos fedora"'],
        ['have_dnf=1', 'have_yum=1'],
      ),
    ).to.include({ distribution: 'Rocky', distribution_release: 'Blue Onyx', os_family: 'RedHat', pkg_mgr: 'dnf' });
    expect(os(['ID=deepin', 'NAME="Deepin"', 'VERSION_ID=20', 'ID_LIKE=debian'])).to.include({
      distribution: 'Deepin',
      os_family: 'Debian',
      distribution_release: 'NA',
      pkg_mgr: 'unknown',
    });
  });
});

describe('setup gather_subset and filter (as ansible-core 2.14 chose on a lab host)', () => {
  const table: [string[], string[] | string][] = [
    [[], ['platform', 'distribution', 'user', 'env', 'python', 'service_mgr', 'pkg_mgr', 'hardware', 'network']],
    [['!hardware'], ['platform', 'distribution', 'user', 'env', 'python', 'service_mgr', 'pkg_mgr']],
    [['network'], ['platform', 'distribution', 'user', 'env', 'python', 'service_mgr', 'pkg_mgr', 'network']],
    [['!all'], ['platform', 'distribution', 'user', 'env', 'python', 'service_mgr', 'pkg_mgr']],
    [
      ['!all', '!min', 'network'],
      ['platform', 'distribution', 'network'],
    ],
    [['!all', '!min'], []],
    [['!all', '!min', 'virtual'], []],
    [['bogus'], "Bad subset 'bogus' given to Ansible."],
  ];
  for (const [asked, want] of table) {
    it(`${JSON.stringify(asked)} -> ${JSON.stringify(want)}`, () => {
      const got = chosenSubsets(asked);
      if (typeof want === 'string')
        expect((got as { error: string }).error).to.match(new RegExp(`^${want.replace(/[.]/g, '\\.')}`));
      else expect(got).to.deep.equal(want);
    });
  }

  it('filter keeps the names its shell-style patterns match', () => {
    const kept = keptByFilter(['ansible_distribution*', 'ansible_os_family']);
    expect(
      [
        'ansible_distribution',
        'ansible_distribution_version',
        'ansible_os_family',
        'ansible_os_familyx',
        'ansible_env',
      ].filter(kept),
    ).to.deep.equal(['ansible_distribution', 'ansible_distribution_version', 'ansible_os_family']);
    expect(keptByFilter([])('anything')).to.equal(true);
  });
});
