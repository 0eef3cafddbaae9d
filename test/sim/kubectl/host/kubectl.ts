// SIMULATION, test support only: kubectl of an older release, as a program on a
// lab host in front of the machine's real kubectl (/usr/bin/kubectl, 1.32). It
// prints `version --client` in that release's formats, refuses the flags that
// release does not have exactly as kubectl does, and renames what the real
// kubectl renamed before calling it. Self-contained (node built-ins only): it
// is copied to the host. SIM_KUBECTL_RELEASE says the release (e.g. 1.19.16).
// The flag history is the one src/facts/kubectl-client.ts records. Only the
// flags runbook uses are modelled; `version` without --client (which asks the
// API server too) goes to the real kubectl as it is.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const REAL = process.env.SIM_KUBECTL_REAL ?? '/usr/bin/kubectl';
/** Each call's arguments, a JSON line each, for tests (see index.ts, kubectlCalls). */
const CALLS = process.env.SIM_KUBECTL_CALLS;
const release = process.env.SIM_KUBECTL_RELEASE ?? '';
const minor = Number(release.split('.')[1]);

/** Per command, each flag the release lacks: [first release with it, first release without it]. */
const FLAG_SPAN: Record<string, Record<string, [number, number]>> = {
  drain: {
    '--delete-local-data': [3, 31],
    '--delete-emptydir-data': [20, Infinity],
    '--disable-eviction': [18, Infinity],
    '--skip-wait-for-delete-timeout': [18, Infinity],
  },
  version: { '--short': [0, 28] },
};
/** Old name -> the name the real kubectl knows, and the warning the old release printed while both existed. */
const RENAMED: Record<string, { to: string; deprecatedFrom: number; warning: string }> = {
  '--delete-local-data': {
    to: '--delete-emptydir-data',
    deprecatedFrom: 20,
    warning:
      'Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.',
  },
};
/** Global flags that take a separate value (`--kubeconfig FILE`): the command is the first word after them. */
const VALUED = new Set([
  '--kubeconfig',
  '--context',
  '--request-timeout',
  '--cache-dir',
  '-n',
  '--namespace',
  '-s',
  '--server',
  '--user',
  '--cluster',
  '-o',
  '--output',
]);

function command(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (VALUED.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

function flagsBeforeDashes(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!);
}

function fail(text: string): never {
  process.stderr.write(text);
  process.exit(1);
}

const GO: [number, string][] = [
  [16, 'go1.13.15'],
  [18, 'go1.15.15'],
  [20, 'go1.15.15'],
  [22, 'go1.16.15'],
  [23, 'go1.19.5'],
  [27, 'go1.20.5'],
  [28, 'go1.20.10'],
];
const goVersion = () => [...GO].reverse().find(([m]) => minor >= m)?.[1] ?? 'go1.13.15';
const KUSTOMIZE = minor >= 27 ? 'v5.0.1' : 'v4.5.4';

function printVersion(argv: string[]): void {
  const info = {
    major: '1',
    minor: String(minor),
    gitVersion: `v${release}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2023-01-01T00:00:00Z',
    goVersion: goVersion(),
    compiler: 'gc',
    platform: 'linux/amd64',
  };
  const out = argv.find(
    (a, i) => a.startsWith('--output=') || a.startsWith('-o=') || ((a === '-o' || a === '--output') && argv[i + 1]),
  );
  const format = out?.includes('=') ? out.split('=')[1] : out ? argv[argv.indexOf(out) + 1] : undefined;
  if (format === 'json') {
    // Kustomize's version joined `kubectl version` in 1.24 (kubernetes#108817).
    process.stdout.write(
      `${JSON.stringify({ clientVersion: info, ...(minor >= 24 ? { kustomizeVersion: KUSTOMIZE } : {}) }, null, 2)}\n`,
    );
    return;
  }
  if (format !== undefined) fail(`error: --output must be 'yaml' or 'json'\n`);
  const kustomize = minor >= 24 ? `Kustomize Version: ${KUSTOMIZE}\n` : '';
  if (argv.includes('--short') || minor >= 28) {
    if (minor >= 24 && minor < 28)
      process.stderr.write(
        'Flag --short has been deprecated, and will be removed in the future. The --short output will become the default.\n',
      );
    process.stdout.write(`Client Version: v${release}\n${kustomize}`);
    return;
  }
  // Up to 1.27 the plain output is the Go struct; from 1.24 under a warning (kubernetes#108987).
  if (minor >= 24)
    process.stderr.write(
      'WARNING: This version information is deprecated and will be replaced with the output from kubectl ' +
        'version --short.  Use --output=yaml|json to get the full version.\n',
    );
  const struct =
    `version.Info{Major:"1", Minor:"${minor}", GitVersion:"v${release}", ` +
    `GitCommit:"${info.gitCommit}", GitTreeState:"clean", BuildDate:"${info.buildDate}", ` +
    `GoVersion:"${info.goVersion}", Compiler:"gc", Platform:"linux/amd64"}`;
  process.stdout.write(`Client Version: ${struct}\n${kustomize}`);
}

function main(argv: string[]): void {
  try {
    if (CALLS) appendFileSync(CALLS, `${JSON.stringify(argv)}\n`);
  } catch {
    // A log a test did not ask for is no reason to fail kubectl.
  }
  if (!Number.isInteger(minor))
    fail(`SIMULATION kubectl: SIM_KUBECTL_RELEASE is not a release: ${JSON.stringify(release)}\n`);
  const cmd = command(argv);
  for (const flag of flagsBeforeDashes(argv)) {
    const span = cmd ? FLAG_SPAN[cmd]?.[flag] : undefined;
    if (span && (minor < span[0] || minor >= span[1]))
      fail(`Error: unknown flag: ${flag}\nSee 'kubectl ${cmd} --help' for usage.\n`);
  }
  if (cmd === 'version' && argv.includes('--client')) {
    printVersion(argv);
    return;
  }
  const dashes = argv.indexOf('--');
  const mapped = argv.map((a, i) => {
    const [name, ...value] = a.split('=');
    const renamed = RENAMED[name!];
    if (!renamed || (dashes >= 0 && i > dashes)) return a;
    if (minor >= renamed.deprecatedFrom) process.stderr.write(`${renamed.warning}\n`);
    return [renamed.to, ...value].join('=');
  });
  const r = spawnSync(REAL, mapped, { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

main(process.argv.slice(2));
