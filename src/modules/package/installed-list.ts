// Every installed package, read as Ansible's package_facts lists them: by name,
// each a list of installed versions ({name, version, arch, …, source}).
import type { Connection } from '../../transport/connection.js';

export type PackageEntry = Record<string, string | number | null>;
export type PackageTable = Record<string, PackageEntry[]>;

function add(table: PackageTable, entry: PackageEntry): void {
  const name = String(entry.name);
  table[name] ??= [];
  table[name].push(entry);
}

/**
 * dpkg's installed packages (python-apt's `is_installed`: any state but not
 * installed and config-files). Foreign architectures keep their `:arch` suffix.
 */
export async function aptPackages(conn: Connection): Promise<PackageTable | undefined> {
  const r = await conn.exec(
    "LC_ALL=C dpkg-query -W -f='${db:Status-Abbrev}\\t${binary:Package}\\t${Version}\\t${Architecture}\\t${Section}\\n'",
  );
  if (r.rc !== 0) return undefined;
  const table: PackageTable = {};
  for (const [, status, name, version, arch, section] of r.stdout.matchAll(
    /^(\S+)\s*\t([^\t]+)\t([^\t]*)\t([^\t]*)\t([^\t\n]*)$/gm,
  )) {
    if (status!.length < 2 || 'nc'.includes(status![1]!)) continue;
    add(table, { name: name!, version: version!, arch: arch!, category: section!, source: 'apt' });
  }
  return table;
}

export async function rpmPackages(conn: Connection): Promise<PackageTable | undefined> {
  const r = await conn.exec("LC_ALL=C rpm -qa --qf '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t%{ARCH}\\n'");
  if (r.rc !== 0) return undefined;
  const table: PackageTable = {};
  for (const [, name, version, release, epoch, arch] of r.stdout.matchAll(
    /^([^\t]+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t\n]*)$/gm,
  )) {
    add(table, {
      name: name!,
      version: version!,
      release: release!,
      epoch: epoch === '(none)' ? null : Number(epoch),
      arch: arch!,
      source: 'rpm',
    });
  }
  return table;
}
