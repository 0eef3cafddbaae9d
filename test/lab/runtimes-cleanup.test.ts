import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { labCgroupKey, leftLabCgroups } from './host-cgroups.js';
import { labProcesses } from './host-process.js';
import { startLab, type Lab } from './lab.js';
import { labDir } from './paths.js';
import { extraLabSpot } from '../support/cli-run.js';

const comm = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

describe('lab hosts run real container runtimes, and leave nothing behind', function () {
  this.timeout(120_000);
  let l: Lab | undefined;
  after(async () => l?.stop());

  it(
    "dockerd and containerd run a container in a host on overlay2, under the host's cgroup; " +
      'stopping the lab ends every one of their processes and removes the cgroups',
    async () => {
      const s = extraLabSpot('runtimes', 140);
      l = await startLab({ hosts: 1, dir: labDir(s.name), firstAddress: s.firstAddress, sudoUser: false });
      const h = l.hosts[0]!;
      const ssh = (command: string): string =>
        execFileSync(
          'ssh',
          [
            '-i',
            l!.keyFile,
            '-o',
            `UserKnownHostsFile=${l!.knownHostsFile}`,
            '-o',
            'StrictHostKeyChecking=yes',
            '-o',
            'BatchMode=yes',
            `root@${h.address}`,
            'bash -s',
          ],
          { input: command, encoding: 'utf8' },
        );
      const parent = ssh('cat /run/runbook-lab/cgroup-parent').trim();
      expect(parent).to.equal(`/runbook-lab/${labCgroupKey(l.dir)}/${h.name}`);
      const out = ssh(`
      setsid dockerd --iptables=false --ip6tables=false --ip-masq=false --bridge=none --cgroup-parent=${parent}/docker >/run/dockerd.log 2>&1 </dev/null &
      for i in $(seq 200); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
      d=$(mktemp -d) && mkdir "$d/bin" && cp /bin/busybox "$d/bin/" && ln -s busybox "$d/bin/sh" && ln -s busybox "$d/bin/sleep" && ln -s busybox "$d/bin/ls"
      tar -C "$d" -c . | docker import - lab/busybox:1 >/dev/null
      docker run -d --network none --name t1 lab/busybox:1 sleep 600 >/dev/null
      docker info --format '{{.Driver}}'
      docker exec t1 ls /
      docker inspect --format '{{.State.Pid}}' t1 >/dev/null && echo running
    `);
      // overlay2, not vfs: /var/lib/docker is a tmpfs under the host's overlay root. And `docker exec`
      // lands in the container's own root file system (busybox only), not on this machine's.
      expect(out.split('\n')).to.deep.equal(['overlay2', 'bin', 'dev', 'etc', 'proc', 'sys', 'running', '']);
      const runtimes = labProcesses(l.dir).filter((p) =>
        ['dockerd', 'containerd', 'containerd-shim', 'sleep'].includes(comm(p.pid)),
      );
      expect(runtimes.map((p) => comm(p.pid)).sort()).to.include.members([
        'containerd',
        'containerd-shim',
        'dockerd',
        'sleep',
      ]);
      expect(leftLabCgroups(l.dir).length).to.be.greaterThan(0);

      await l.stop();
      l = undefined;
      for (const p of runtimes)
        expect(existsSync(`/proc/${p.pid}`) && comm(p.pid) !== '', `pid ${p.pid} is gone`).to.equal(false);
      expect(leftLabCgroups(labDir(s.name))).to.deep.equal([]);
    },
  );
});
