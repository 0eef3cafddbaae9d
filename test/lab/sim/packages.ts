// Package fixtures for the package module's tests, set up through the OpenSSH client:
// a real local apt repository (flat, file:, trusted) of tiny .debs built on the host
// with dpkg-deb, made the host's only apt source; and the dnf/rpm SIMULATION
// (test/lab/sim/dnf) with an os-release that makes the host look like Rocky Linux.
// Each has an undo, because every test file of a run shares the lab.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuoteValue as q } from '../../../src/quote.js';
import { onHost } from '../../support/host-shell.js';
import { repoRoot } from '../paths.js';

export const APT_REPO = '/srv/runbook-apt';
const SOURCES_ASIDE = '/etc/apt/runbook-test-sources-aside';
export const SIM_DNF_DB = '/var/lib/sim-dnf';

export interface Deb {
  name: string;
  version: string;
  /** A maintainer script run after unpacking (e.g. one that fails). */
  postinst?: string;
}

/**
 * Builds `debs` into a flat repository at APT_REPO (a Packages file written by hand:
 * dpkg-scanpackages is in dpkg-dev, which a bare machine lacks) and makes it the
 * host's only source. Each package installs /usr/share/runbook-test/NAME holding its version.
 */
export function useLocalAptRepo(host: string, debs: Deb[]): void {
  const build = debs.map(({ name, version, postinst }) => {
    const dir = `${APT_REPO}/build/${name}_${version}`;
    const script =
      postinst === undefined
        ? ''
        : `printf %s ${q(postinst)} > ${q(`${dir}/DEBIAN/postinst`)} && chmod 755 ${q(`${dir}/DEBIAN/postinst`)} && `;
    const control =
      `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: ` +
      `runbook tests <tests@runbook.invalid>\nDescription: runbook package module test package\n`;
    return (
      `mkdir -p ${q(`${dir}/DEBIAN`)} ${q(`${dir}/usr/share/runbook-test`)} && ` +
      `printf %s ${q(control)} > ${q(`${dir}/DEBIAN/control`)} && echo ${q(version)} > ${q(`${dir}/usr/share/runbook-test/${name}`)} && ` +
      script +
      `dpkg-deb --root-owner-group --build ${q(dir)} ${q(`${APT_REPO}/${name}_${version}_all.deb`)} >/dev/null`
    );
  });
  const index =
    `cd ${APT_REPO} && for deb in *.deb; do dpkg-deb -f "$deb"; ` +
    `printf 'Filename: ./%s\\nSize: %s\\nSHA256: %s\\n\\n' "$deb" "$(stat -c %s "$deb")" "$(sha256sum "$deb" | cut -d' ' -f1)"; done > Packages`;
  const sources =
    `if [ ! -d ${SOURCES_ASIDE} ]; then mkdir -p ${SOURCES_ASIDE}/parts && ` +
    `{ [ ! -e /etc/apt/sources.list ] || mv /etc/apt/sources.list ${SOURCES_ASIDE}/; } && ` +
    `find /etc/apt/sources.list.d -mindepth 1 -maxdepth 1 -exec mv {} ${SOURCES_ASIDE}/parts/ \\; ; fi && ` +
    `echo 'deb [trusted=yes] file:${APT_REPO} ./' > /etc/apt/sources.list.d/runbook-test.list`;
  onHost(host, `set -e; rm -rf ${APT_REPO}; ${build.join(' && ')}; ${index}; ${sources}`);
}

/** Purges `names`, puts the host's own apt sources back and drops the repository. */
export function restoreApt(host: string, names: string[]): void {
  onHost(
    host,
    `dpkg --purge ${names.map(q).join(' ')} >/dev/null 2>&1; rm -rf ${APT_REPO} /etc/apt/sources.list.d/runbook-test.list; ` +
      `if [ -d ${SOURCES_ASIDE} ]; then { [ ! -e ${SOURCES_ASIDE}/sources.list ] || mv ${SOURCES_ASIDE}/sources.list /etc/apt/; } && ` +
      `find ${SOURCES_ASIDE}/parts -mindepth 1 -maxdepth 1 -exec mv {} /etc/apt/sources.list.d/ \\; && rm -rf ${SOURCES_ASIDE}; fi; true`,
  );
}

/** Installs the dnf/rpm SIMULATION on `host` and makes it look like Rocky Linux 9. */
export function useSimulatedDnf(host: string): void {
  const script = readFileSync(join(repoRoot(), 'test/lab/sim/dnf')).toString('base64');
  onHost(
    host,
    `set -e; echo ${script} | base64 -d > /usr/local/bin/dnf; chmod 755 /usr/local/bin/dnf; ln -sf dnf /usr/local/bin/rpm; ` +
      (`rm -rf ${SIM_DNF_DB}; rm -f /etc/os-release; printf 'NAME="Rocky Linux"\\nID="rocky"\\nID_LIKE="rhel ` +
        `centos fedora"\\nVERSION_ID="9.3"\\n' > /etc/os-release`),
  );
}

/** What the simulated repositories offer and what is "installed": "name epoch version release" rows. */
export function setSimulatedDnf(host: string, state: { repo: string[]; installed: string[] }): void {
  const lines = (rows: string[]) => q(rows.map((r) => `${r}\n`).join(''));
  onHost(
    host,
    `mkdir -p ${SIM_DNF_DB} && printf %s ${lines(state.repo)} > ${SIM_DNF_DB}/repo && printf %s ` +
      `${lines(state.installed)} > ${SIM_DNF_DB}/installed && : > ${SIM_DNF_DB}/calls`,
  );
}

export function restoreDnf(host: string): void {
  onHost(
    host,
    `rm -rf /usr/local/bin/dnf /usr/local/bin/rpm ${SIM_DNF_DB}; ln -sfn ../usr/lib/os-release /etc/os-release`,
  );
}
