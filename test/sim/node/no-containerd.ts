// SIMULATION, test support only: a node without containerd, and a repository
// that has it. The lab hosts share this machine's installed packages, so the
// node's own containerd package is removed in that host only (its overlay), and
// a package of the same name is built from this machine's containerd binaries,
// uncompressed, into a flat local apt repository that becomes the host's only
// source: the playbook's package task then installs it as apt would from a
// mirror, and the lab needs no network. undo() puts the host's sources back.
import { sh } from './remote.js';

const REPO = '/srv/sim-containerd-repo';
const ASIDE = '/etc/apt/sim-containerd-sources-aside';

export async function nodeWithoutContainerd(host: string): Promise<{ version: string; undo(): Promise<void> }> {
  const version = '1.6.20~ds1-1+sim';
  await sh(
    host,
    [
      'set -e',
      `rm -rf ${REPO}; d=${REPO}/build/containerd; mkdir -p $d/DEBIAN $d/usr/bin`,
      'for f in $(dpkg -L containerd | grep "^/usr/bin/"); do cp -a "$f" $d/usr/bin/; done',
      `printf 'Package: containerd\\nVersion: ${version}\\nArchitecture: %s\\nMaintainer: ` +
        `runbook tests <tests@runbook.invalid>\\nDescription: SIMULATION: ` +
        `this machine'"'"'s containerd binaries, repackaged for the lab\\n' "$(dpkg ` +
        `--print-architecture)" > $d/DEBIAN/control`,
      `dpkg-deb -Znone --root-owner-group --build $d ${REPO}/containerd.deb >/dev/null`,
      `cd ${REPO} && { dpkg-deb -f containerd.deb; printf 'Filename: ./containerd.deb\\nSize: %s\\nSHA256: ` +
        `%s\\n\\n' "$(stat -c %s containerd.deb)" "$(sha256sum containerd.deb | cut -d' ' -f1)"; ` +
        `} > Packages`,
      `mkdir -p ${ASIDE}/parts; [ ! -e /etc/apt/sources.list ] || mv /etc/apt/sources.list ${ASIDE}/`,
      `find /etc/apt/sources.list.d -mindepth 1 -maxdepth 1 -exec mv {} ${ASIDE}/parts/ \\;`,
      `echo 'deb [trusted=yes] file:${REPO} ./' > /etc/apt/sources.list.d/sim-containerd.list`,
      'apt-get update -qq >/dev/null 2>&1',
      // The node has no containerd now: no binary, no package.
      'dpkg --purge --force-depends containerd >/dev/null 2>&1',
      '! command -v containerd',
    ].join('\n'),
  );
  return {
    version,
    async undo() {
      await sh(
        host,
        `rm -f /etc/apt/sources.list.d/sim-containerd.list; [ ! -e ${ASIDE}/sources.list ] || mv ${ASIDE}/sources.list /etc/apt/; ` +
          `find ${ASIDE}/parts -mindepth 1 -maxdepth 1 -exec mv {} /etc/apt/sources.list.d/ \\; 2>/dev/null; rm -rf ${ASIDE} ${REPO}; true`,
      );
    },
  };
}
