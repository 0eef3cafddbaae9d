// What apt must do for each named package, decided from dpkg's state and what
// the repositories offer, the way Ansible's apt module decides (2.14):
// present installs what is missing (a version spec also moves an installed
// package to a matching version), latest also upgrades to the candidate, absent
// removes what is installed (with purge, also what only left config files).
import type { Available } from '../package/manager.js';
import type { DpkgEntry } from './dpkg-state.js';
import { versionMatches, type PackageSpec } from './spec.js';

export type AptState = 'present' | 'latest' | 'absent';

export interface AptAction {
  name: string;
  /** The apt-get argument: name, or name=version. */
  arg: string;
  summary: string;
  before?: string;
  after?: string;
}

export interface Decision {
  actions: AptAction[];
  failed?: string;
}

/** The names whose offers must be read first (absent never needs them). */
export function namesToAsk(state: AptState, specs: PackageSpec[], dpkg: Map<string, DpkgEntry>): string[] {
  if (state === 'absent') return [];
  return specs
    .filter((s) => state === 'latest' || s.version !== undefined || dpkg.get(s.name)?.state !== 'installed')
    .map((s) => s.name);
}

export function decide(
  state: AptState,
  specs: PackageSpec[],
  dpkg: Map<string, DpkgEntry>,
  offered: Map<string, Available>,
  purge: boolean,
): Decision {
  const actions: AptAction[] = [];
  for (const s of specs) {
    const entry = dpkg.get(s.name);
    const was = entry?.state === 'installed' ? entry.version : undefined;
    if (state === 'absent') {
      const present = was !== undefined || (purge && entry !== undefined);
      if (!present || (s.version !== undefined && !versionMatches(s.version, entry!.version))) continue;
      actions.push({
        name: s.name,
        arg: s.name,
        summary: `${purge ? 'purge' : 'remove'} ${s.name} ${entry!.version}`,
        before: entry!.version,
      });
      continue;
    }
    if (state === 'latest' && s.version !== undefined)
      return { actions: [], failed: `version number inconsistent with state=latest: ${s.name}=${s.version}` };
    const offer = offered.get(s.name);
    if (s.version !== undefined) {
      if (was !== undefined && versionMatches(s.version, was)) continue;
      const version = offer?.versions.find((v) => versionMatches(s.version!, v));
      if (!version) return { actions: [], failed: `no available installation candidate for ${s.name}=${s.version}` };
      actions.push(move(s.name, version, was, `${s.name}=${version}`));
      continue;
    }
    if (was !== undefined && state === 'present') continue;
    const candidate = offer?.candidate;
    if (!candidate) {
      // Installed from elsewhere and offered by no repository: nothing newer exists.
      if (was !== undefined) continue;
      return { actions: [], failed: `No package matching '${s.name}' is available` };
    }
    if (candidate === was) continue;
    actions.push(move(s.name, candidate, was, s.name));
  }
  return { actions };
}

function move(name: string, version: string, was: string | undefined, arg: string): AptAction {
  const summary = was === undefined ? `install ${name} ${version}` : `install ${name} ${version} (was ${was})`;
  return { name, arg, summary, before: was, after: version };
}
