// A lab RPM repository: tiny noarch .rpm files built on this machine with
// rpmbuild in a temp directory (nothing is installed here), indexed with
// createrepo_c and served by a static HTTP server in its own process (the corpus
// runs ansible-playbook with spawnSync). Lab hosts share the machine's network,
// so their dnf reaches it at 127.0.0.1. Debian's rpm and createrepo-c packages
// provide the tools here (scripts/system-deps.sh installs them). dnf itself is
// installed only inside the lab host that needs it (its own overlay), from the
// .debs system-deps.sh downloads: on the machine, python3-rpm (a dependency of
// dnf) makes ansible's package_facts read rpm instead of apt on every host.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onHost } from './host-shell.js';
import { startStaticServer, type StaticServer } from './static-server-process.js';

export interface RepoRpm {
  name: string;
  version: string;
  release?: string;
}

export interface RpmRepo {
  url: string;
  close(): Promise<void>;
}

function buildRpm(top: string, out: string, p: RepoRpm): void {
  const spec = join(top, `${p.name}-${p.version}.spec`);
  writeFileSync(
    spec,
    `Name: ${p.name}\nVersion: ${p.version}\nRelease: ${p.release ?? '1'}\nSummary: runbook dnf module test package\n` +
      'License: MIT\nBuildArch: noarch\n%description\nrunbook dnf module test package\n%install\n' +
      `mkdir -p %{buildroot}/usr/share/runbook-test\necho ${p.version} > %{buildroot}/usr/share/runbook-test/${p.name}\n` +
      `%files\n/usr/share/runbook-test/${p.name}\n`,
  );
  execFileSync('rpmbuild', ['--define', `_topdir ${top}`, '--define', `_rpmdir ${out}`, '-bb', spec], {
    stdio: 'ignore',
  });
}

/** Builds `rpms` into a repository (repodata/ by createrepo_c) and serves it. */
export async function startRpmRepo(rpms: RepoRpm[]): Promise<RpmRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-rpm-repo-'));
  const out = join(dir, 'repo');
  mkdirSync(out);
  mkdirSync(join(dir, 'build'));
  for (const p of rpms) buildRpm(join(dir, 'build'), out, p);
  execFileSync('createrepo_c', ['-q', out], { stdio: 'ignore' });
  const server: StaticServer = await startStaticServer(out);
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// What apt-get install dnf adds beyond what system-deps.sh installs on the machine.
const DNF_DEBS = ['dnf', 'python3-dnf', 'python3-rpm'];

/** Installs dnf on `host` alone, from apt's cache of .debs (no repository lists needed). */
export function installDnf(host: string): void {
  const files = DNF_DEBS.map((p) => `/var/cache/apt/archives/${p}_*.deb`).join(' ');
  onHost(host, `DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-download ${files} >/dev/null`);
}

/** Makes `repo` the host's one dnf repository, `rblab` (no signatures: the test packages are unsigned). */
export function useRpmRepo(host: string, url: string): void {
  onHost(
    host,
    `mkdir -p /etc/yum.repos.d && printf '[rblab]\\nname=runbook lab\\nbaseurl=${url}\\ngpgcheck=0\\n' > /etc/yum.repos.d/rblab.repo` +
      ' && rm -rf /var/cache/dnf',
  );
}

/** Removes the test packages, the repository, dnf's cache and dnf itself from the host. */
export function restoreRpm(host: string): void {
  onHost(
    host,
    "rpm -qa 'rbtest-*' | xargs -r rpm -e --nodeps; rm -rf /etc/yum.repos.d /var/cache/dnf; " +
      `DEBIAN_FRONTEND=noninteractive dpkg --purge ${DNF_DEBS.join(' ')} >/dev/null 2>&1; true`,
  );
}
