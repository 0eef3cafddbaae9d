// annotate: only the annotations whose value differs are sent, so a re-run is
// "ok"; the before/after of those keys is the diff.
import { READ_TIMEOUT_S, type KubectlTarget } from '../../facts/k8s-kubectl.js';
import type { NodeFacts } from '../../facts/k8s-node.js';
import type { Change, ModuleContext, ModulePlan } from '../contract.js';
import type { K8sNodeArgs } from './args.js';
import { kubectlChange } from './kubectl-change.js';

/** kubectl annotate words for what differs: `key=value`, or `key-` to remove. */
export function annotationEdits(current: Record<string, string>, wanted: Record<string, string | null>): string[] {
  const edits: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (value === null) {
      if (key in current) edits.push(`${key}-`);
    } else if (current[key] !== value) {
      edits.push(`${key}=${value}`);
    }
  }
  return edits;
}

export function planAnnotate(
  args: K8sNodeArgs,
  ctx: ModuleContext,
  target: KubectlTarget,
  node: NodeFacts,
  data: Record<string, unknown>,
): ModulePlan {
  const wanted = args.annotations ?? {};
  const edits = annotationEdits(node.annotations, wanted);
  if (edits.length === 0) return { changes: [], data, msg: `node ${args.name} already has these annotations` };
  const keys = Object.keys(wanted).filter((k) => edits.some((e) => e === `${k}-` || e.startsWith(`${k}=`)));
  const show = (a: Record<string, string | null>) =>
    keys.flatMap((k) => (a[k] == null ? [] : [`${k}: ${a[k]}\n`])).join('');
  const change: Change = {
    ...kubectlChange(ctx, target, {
      summary: `annotate node ${args.name}: ${edits.join(' ')}`,
      args: ['annotate', 'node', '--overwrite', `--request-timeout=${READ_TIMEOUT_S}s`, '--', args.name, ...edits],
      limitS: READ_TIMEOUT_S * 2,
    }),
    diff: {
      path: `node/${args.name} annotations`,
      before: show(node.annotations),
      after: show({ ...node.annotations, ...wanted }),
    },
  };
  return { changes: [change], data };
}
