// The kubectl release decides the flags (facts/kubectl-client.ts): a table of
// releases and the drain command line each gets, and the three ways kubectl
// prints its version. Data only, no host.
import { expect } from 'chai';
import {
  drainFlags,
  parseClientVersion,
  type DrainFlags,
  type KubectlRelease,
} from '../../src/facts/kubectl-client.js';
import type { K8sNodeArgs } from '../../src/modules/k8s/args.js';
import { drainArgs, missingDrainFlags } from '../../src/modules/k8s/drain.js';

const release = (v: string): KubectlRelease => parseClientVersion(`Client Version: ${v}\n`)!;
const flags = (v: string): DrainFlags => drainFlags(release(v)) as DrainFlags;
const drain: K8sNodeArgs = { name: 'w1', action: 'drain' };

describe('kubectl client release -> flags', () => {
  // release, the emptyDir flag, whether --disable-eviction / --skip-wait-for-delete-timeout exist
  const table: [string, DrainFlags['emptyDir'], boolean][] = [
    ['v1.16.15', '--delete-local-data', false],
    ['v1.17.17', '--delete-local-data', false],
    ['v1.18.20', '--delete-local-data', true],
    ['v1.19.16', '--delete-local-data', true],
    ['v1.20.15', '--delete-emptydir-data', true],
    ['v1.22.17', '--delete-emptydir-data', true],
    ['v1.23.17', '--delete-emptydir-data', true],
    ['v1.27.3', '--delete-emptydir-data', true],
    ['v1.31.0', '--delete-emptydir-data', true],
    ['v1.32.4-dispatcher', '--delete-emptydir-data', true],
  ];
  for (const [v, emptyDir, evictionOptions] of table) {
    it(`${v}: ${emptyDir}${evictionOptions ? ', --disable-eviction and --skip-wait-for-delete-timeout' : ''}`, () => {
      expect(flags(v)).to.deep.equal({ client: v, emptyDir, evictionOptions });
      expect(drainArgs(drain, 60, flags(v))).to.deep.equal([
        'drain',
        '--ignore-daemonsets=true',
        `${emptyDir}=true`,
        '--force=false',
        '--timeout=60s',
        '--',
        'w1',
      ]);
    });
  }

  it('a client older than 1.16, or not 1.x, is refused, naming its release', () => {
    expect(drainFlags(release('v1.15.12'))).to.deep.equal({
      unsupported: 'kubectl v1.15.12 is older than 1.16, the oldest runbook knows the flags of',
    });
    expect(drainFlags(release('v2.0.0'))).to.deep.equal({
      unsupported: 'kubectl v2.0.0 is not a 1.x release, whose flags runbook knows (1.16 and later)',
    });
  });

  it('disable_eviction and skip_wait_for_delete_timeout go on the line from 1.18, and are refused by name before', () => {
    const asked: K8sNodeArgs = { ...drain, disable_eviction: true, skip_wait_for_delete_timeout: 30 };
    expect(drainArgs(asked, 60, flags('v1.18.20'))).to.include.members([
      '--disable-eviction=true',
      '--skip-wait-for-delete-timeout=30',
    ]);
    expect(missingDrainFlags(asked, flags('v1.18.20'))).to.equal(undefined);
    expect(missingDrainFlags(asked, flags('v1.17.17'))).to.equal(
      'kubectl v1.17.17 has no disable_eviction (--disable-eviction) or skip_wait_for_delete_timeout (--skip-wait-for-delete-timeout): it came in kubectl 1.18',
    );
    expect(missingDrainFlags(drain, flags('v1.16.15'))).to.equal(undefined);
  });

  describe('reading the version as each release prints it', () => {
    it('`version --client -o json` (every release; 1.32 says minor "32+")', () => {
      const json =
        '{\n  "clientVersion": {\n    "major": "1",\n    "minor": "32+",\n    "gitVersion": ' +
        '"v1.32.4-dispatcher",\n    "platform": "linux/amd64"\n  },\n  "kustomizeVersion": "v5.5.0"\n}\n';
      expect(parseClientVersion(json)).to.deep.equal({ major: 1, minor: 32, gitVersion: 'v1.32.4-dispatcher' });
    });
    it("the Go struct of `version --client` up to 1.27, with 1.24+'s warning and Kustomize line", () => {
      const old =
        'Client Version: version.Info{Major:"1", Minor:"19", GitVersion:"v1.19.16", ' +
        'GitCommit:"e37e4ab4cc8dcda84f1344dda47a97bb1927d074", GitTreeState:"clean", ' +
        'BuildDate:"2021-10-27T16:25:59Z", GoVersion:"go1.15.15", Compiler:"gc", ' +
        'Platform:"linux/amd64"}\n';
      expect(parseClientVersion(old)).to.deep.equal({ major: 1, minor: 19, gitVersion: 'v1.19.16' });
      const warned =
        `WARNING: This version information is deprecated and will be replaced with the output ` +
        `from kubectl version --short.  Use --output=yaml|json to get the full ` +
        `version.\n${old.replace(/19/g, '27')}Kustomize Version: v5.0.1\n`;
      expect(parseClientVersion(warned)?.minor).to.equal(27);
    });
    it('`Client Version: v1.28.0` (1.28+, and --short before)', () => {
      expect(
        parseClientVersion('Client Version: v1.28.0\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n'),
      ).to.deep.equal({ major: 1, minor: 28, gitVersion: 'v1.28.0' });
    });
    it('anything else is not a version', () => {
      for (const text of ['', 'error: unknown flag: --output', '{"clientVersion": {}}', 'Client Version: unknown'])
        expect(parseClientVersion(text), text).to.equal(undefined);
    });
  });
});
