// docs/scale/job.yaml, the Indexed Job that runs one shard per pod, checked
// without a cluster: against the batch/v1 Job schema that kubernetes-models
// generates from Kubernetes' OpenAPI document (kubectl's --dry-run=client needs a
// server's discovery and OpenAPI, which this machine has not), and for the wiring
// between the Job's index and runbook's --shard.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { parse } from 'yaml';
import { repoRoot } from '../lab/paths.js';

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

  it('runs shard JOB_COMPLETION_INDEX + 1 of `completions`, and keeps each pod\'s record apart', () => {
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
});
