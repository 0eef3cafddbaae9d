// One corpus case under both engines: test/ansible-corpus/<name>/playbook.yaml run by
// runbook and by ansible-playbook 2.14 (when installed) on the same lab hosts, each
// from a clean directory; both must end as `want` says, with the same recap and files.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  haveAnsible,
  withAnsible,
  withRunbook,
  type CaseRun,
  type Counts,
  type EngineOutcome,
} from './both-engines.js';
import { hostNames } from './run.js';

function corpusFile(name: string): string {
  return join(fileURLToPath(new URL('../../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');
}

export const counts = (c: Partial<Counts>): Counts => ({
  ok: 0,
  changed: 0,
  failed: 0,
  skipped: 0,
  rescued: 0,
  ignored: 0,
  unreachable: 0,
  ...c,
});

export interface Expected {
  ended: EngineOutcome['ended'];
  /** Per host index (0 = first lab host): the recap, and the files the run leaves. */
  recap: Counts[];
  files: Record<string, string>[];
  /** The warnings the run says, in order (compared only when given). */
  warnings?: string[];
}

/** Runs the case with both engines; each must give `want` (ansible-playbook's only when it is installed). */
export function bothEngines(name: string, want: Expected, o: { hosts?: number; args?: string[] } = {}): void {
  const hosts = hostNames().slice(0, o.hosts ?? 1);
  const c: CaseRun = { hosts, args: o.args };
  const expected = {
    ended: want.ended,
    // A host with no recap given never ran (a batch that never started): neither engine lists it.
    recap:
      want.ended === 'aborted'
        ? {}
        : Object.fromEntries(hosts.flatMap((h, i) => (want.recap[i] ? [[h, want.recap[i]]] : []))),
    files: Object.fromEntries(hosts.map((h, i) => [h, want.files[i]])),
    ...(want.warnings ? { warnings: want.warnings } : {}),
  };
  const shape = (x: EngineOutcome) => ({
    ended: x.ended,
    recap: x.recap,
    files: x.files,
    ...(want.warnings ? { warnings: x.warnings } : {}),
  });
  const rb = withRunbook(corpusFile(name), name, c);
  expect(shape(rb), `runbook:\n${rb.output}`).to.deep.equal(expected);
  if (!haveAnsible()) return;
  const an = withAnsible(corpusFile(name), name, c);
  // ansible-playbook did run the play: its json callback's stats, or the error that ended it.
  expect(an.output).to.match(/"stats": \{|ERROR! /);
  expect(shape(an), `ansible-playbook:\n${failuresOf(an.output)}${an.output.slice(0, 4000)}`).to.deep.equal(expected);
}

interface JsonTask {
  task: { name: string };
  hosts: Record<string, { failed?: boolean; msg?: unknown; stderr?: unknown }>;
}

/** The failed tasks of ansible-playbook's json callback output, first in the message: the output is cut. */
function failuresOf(output: string): string {
  try {
    const run = JSON.parse(output.slice(output.indexOf('{'))) as { plays: { tasks: JsonTask[] }[] };
    const lines = run.plays.flatMap((p) =>
      p.tasks.flatMap((t) =>
        Object.entries(t.hosts)
          .filter(([, r]) => r.failed)
          .map(([h, r]) => `failed: ${h} "${t.task.name}": ${JSON.stringify(r.msg)} ${JSON.stringify(r.stderr ?? '')}`),
      ),
    );
    return lines.length ? `${lines.join('\n')}\n` : '';
  } catch {
    return '';
  }
}
