// docs/scale/job.yaml, the Indexed Job that runs one shard per pod, checked
// without a cluster: against the batch/v1 Job schema that kubernetes-models
// generates from Kubernetes' OpenAPI document; by the real `kubectl apply
// --dry-run=client`, pointed at the simulated control plane's discovery (no
// OpenAPI there, so with --validate=false: kubectl parses the file and maps its
// kind; the schema check above stands in for its validation); and for the wiring
// between the Job's index and runbook's --shard.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { parse } from 'yaml';
import { repoRoot } from '../lab/paths.js';
import { startControlPlane } from '../sim/control-plane/index.js';
import { kubectlFor } from '../sim/control-plane/kubectl.js';
import { smallCluster } from '../sim/control-plane/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the assertions walk a parsed document whose shape they check
const manifest = () => parse(readFileSync(join(repoRoot(), 'docs/scale/job.yaml'), 'utf8')) as Record<string, any>;

describe('docs/scale/job.yaml (Indexed Job, one shard a pod)', () => {
  it('is a valid batch/v1 Job by the Kubernetes OpenAPI schema', () => {
    expect(() => new Job(manifest() as never).validate()).not.to.throw();
  });

  it('is held to that schema: a wrong value fails it', () => {
    const bad = manifest();
    bad.spec.completionMode = 'indexed';
    expect(() => new Job(bad as never).validate()).to.throw(/completionMode/);
  });

  it("runs shard JOB_COMPLETION_INDEX + 1 of `completions`, and keeps each pod's record apart", () => {
    const job = manifest();
    expect(job.spec.completionMode).to.equal('Indexed');
    const container = job.spec.template.spec.containers[0];
    const shards = container.env.find((e: { name: string }) => e.name === 'SHARDS').value;
    expect(Number(shards)).to.equal(job.spec.completions);
    const script: string = container.args[0];
    expect(script).to.include('K=$((JOB_COMPLETION_INDEX + 1))');
    expect(script).to.match(/--shard "\$K\/\$SHARDS"/);
    expect(script).to.match(/--json "\/records\/\$K\/run\.jsonl"/);
    expect(job.spec.template.spec.restartPolicy).to.equal('Never');
  });

  it('kubectl apply --dry-run=client takes it (against the SIMULATED control plane), and refuses a Job with a wrong kind', async () => {
    const cp = await startControlPlane(smallCluster(['cp1', 'w1', 'w2']));
    try {
      const kubectl = kubectlFor(cp);
      const file = join(repoRoot(), 'docs/scale/job.yaml');
      const ok = await kubectl('apply', '--dry-run=client', '--validate=false', '-f', file);
      expect(ok.rc, ok.stderr).to.equal(0);
      expect(ok.stdout.trim()).to.equal(`job.batch/${manifest().metadata.name} created (dry run)`);
      const bad = join(mkdtempSync(join(tmpdir(), 'runbook-job-')), 'job.yaml');
      writeFileSync(bad, readFileSync(file, 'utf8').replace(/^kind: Job$/m, 'kind: Jobs'));
      const refused = await kubectl('apply', '--dry-run=client', '--validate=false', '-f', bad);
      expect(refused.rc).to.not.equal(0);
      expect(refused.stderr).to.match(/no matches for kind "Jobs" in version "batch\/v1"/);
    } finally {
      await cp.stop();
    }
  });
});
