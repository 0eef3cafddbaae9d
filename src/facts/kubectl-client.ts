// Which kubectl runs on a host, read once per connection: the flags runbook
// passes must exist in that client (a 1.19 control plane carries kubectl 1.19,
// which knows no --delete-emptydir-data). What changed between releases, as
// checked against kubernetes' changelogs and pull requests:
//   - drain --delete-local-data: there since 1.3 (kubernetes#26667); deprecated
//     in 1.20 for --delete-emptydir-data (kubernetes#95076, 1.20.0); removed in
//     1.31 (CHANGELOG-1.31). So 1.16–1.19 know only the old name, 1.20–1.30 both,
//     1.31 and later only the new one.
//   - drain --disable-eviction (kubernetes#85571) and
//     --skip-wait-for-delete-timeout (kubernetes#85577): 1.18.
//   - `version -o json`: every release runbook supports; the plain `version
//     --client` prints a Go struct (`version.Info{…GitVersion:"v1.19.16"…}`)
//     up to 1.27 (from 1.24 under a deprecation WARNING, kubernetes#108987) and
//     `Client Version: v1.28.0` from 1.28, when `--short` was removed.
// Older than OLDEST_MINOR is refused. From there on only the rows above differ:
// drain's --timeout (in tools' use since 2017, kubectl 1.7), --grace-period,
// --pod-selector, `kubectl wait` (1.11), --field-selector, --request-timeout,
// `annotate --overwrite` and the jsonpath `range`/`?(@.type=="Ready")` forms
// of playbooks/containerd.yaml are all older than 1.16 and unchanged since
// (the real kubectl 1.32 and the stand-ins of 1.19–1.27 run them in the tests).
import type { Connection } from '../transport/connection.js';
import { KubectlError, lastLines, runKubectl } from './k8s-kubectl.js';

export interface KubectlRelease {
  major: number;
  minor: number;
  /** As the client prints it, e.g. v1.19.16. */
  gitVersion: string;
}

/** The oldest kubectl whose flags runbook knows. */
export const OLDEST_MINOR = 16;

/** The drain flags of one client release. */
export interface DrainFlags {
  /** The client they were chosen for, e.g. v1.19.16. */
  client: string;
  /** The name of "evict pods with emptyDir volumes" in this release. */
  emptyDir: '--delete-emptydir-data' | '--delete-local-data';
  /** --disable-eviction and --skip-wait-for-delete-timeout exist (1.18+). */
  evictionOptions: boolean;
}

/**
 * The client's version from any of the three ways kubectl prints it: the JSON
 * of `-o json`, the Go struct of older plain output, or `Client Version: v1.28.0`.
 */
export function parseClientVersion(output: string): KubectlRelease | undefined {
  let git: string | undefined;
  const json = output.indexOf('{');
  if (json >= 0 && output.trimStart().startsWith('{')) {
    try {
      const v = (JSON.parse(output.slice(json)) as { clientVersion?: { gitVersion?: unknown } }).clientVersion
        ?.gitVersion;
      if (typeof v === 'string') git = v;
    } catch {
      // Not JSON after all: one of the text forms below.
    }
  }
  git ??=
    /Client Version: version\.Info\{[^}]*GitVersion:"([^"]+)"/.exec(output)?.[1] ??
    /^Client Version: (v\S+)/m.exec(output)?.[1];
  const m = git ? /^v?(\d+)\.(\d+)\./.exec(git) : null;
  if (!git || !m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), gitVersion: git };
}

/** The drain flags of `release`, or why runbook cannot drive it. */
export function drainFlags(release: KubectlRelease): DrainFlags | { unsupported: string } {
  if (release.major !== 1)
    return {
      unsupported: `kubectl ${release.gitVersion} is not a 1.x release, whose flags runbook knows (1.${OLDEST_MINOR} and later)`,
    };
  if (release.minor < OLDEST_MINOR)
    return {
      unsupported: `kubectl ${release.gitVersion} is older than 1.${OLDEST_MINOR}, the oldest runbook knows the flags of`,
    };
  return {
    client: release.gitVersion,
    emptyDir: release.minor >= 20 ? '--delete-emptydir-data' : '--delete-local-data',
    evictionOptions: release.minor >= 18,
  };
}

// Read once per host and kubectl binary: a task's connection is a new wrapper
// each time, so the key is the host and the identity of the file `kubectl`
// resolves to there (device, inode, size, mtime to the nanosecond): a kubectl
// replaced between runs, or between tasks, is read again.
const seen = new Map<string, Promise<KubectlRelease>>();

/** The release of the kubectl on `conn`'s host. */
export async function kubectlRelease(conn: Connection): Promise<KubectlRelease> {
  const which = await conn.exec(`p=$(command -v kubectl) && stat -L -c '%n %d:%i:%s:%y' "$p"`);
  if (which.rc !== 0)
    throw new KubectlError(`kubectl is not installed on ${conn.host} (not on the PATH of the task's user)`, which);
  const key = `${conn.host}\0${which.stdout.trim()}`;
  let p = seen.get(key);
  if (!p) {
    p = readRelease(conn);
    seen.set(key, p);
    // A failed read is tried again by the next task.
    p.catch(() => seen.delete(key));
  }
  return p;
}

async function readRelease(conn: Connection): Promise<KubectlRelease> {
  const json = await runKubectl(conn, {}, ['version', '--client', '--output=json'], 30);
  const parsed = json.rc === 0 ? parseClientVersion(json.stdout) : undefined;
  if (parsed) return parsed;
  const plain = await runKubectl(conn, {}, ['version', '--client'], 30);
  const release = plain.rc === 0 ? parseClientVersion(plain.stdout) : undefined;
  if (release) return release;
  const said = lastLines(`${plain.stdout}\n${plain.stderr}`, 3) || lastLines(`${json.stdout}\n${json.stderr}`, 3);
  throw new KubectlError(
    `cannot tell which kubectl release runs on ${conn.host}: \`kubectl version --client\` printed ${said ? `"${said}"` : 'nothing'}`,
    plain,
  );
}
