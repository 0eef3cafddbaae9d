// k8s_node action: wait_ready. Read-only, so it runs under --check too. Reads
// the node's Ready condition every POLL_MS until it is Ready, the deadline
// passes, or the same reason that waiting cannot cure (lasting-causes.ts) is
// seen on CONFIRM_POLLS polls in a row: a restarted kubelet posts its own
// status within seconds, so a reason its predecessor left is gone by then.
// Each poll is a short `kubectl wait`, so Ready ends the wait at once; reads
// ride through an API server that is away (the target's patience).
import { setTimeout as sleep } from 'node:timers/promises';
import { READ_TIMEOUT_S, runKubectl, type KubectlTarget } from '../../facts/k8s-kubectl.js';
import { readNode, type NodeFacts } from '../../facts/k8s-node.js';
import { CommandTimeoutError } from '../../transport/connection.js';
import type { ModuleContext, ModulePlan } from '../contract.js';
import { DEFAULT_TIMEOUT_S, type K8sNodeArgs } from './args.js';
import { CONFIRM_POLLS, POLL_MS, lastingCause } from './lasting-causes.js';

/** How the wait ended, in the result's `wait` (what the report reads). */
export interface WaitOutcome {
  outcome: 'ready' | 'lasting' | 'timeout';
  /** The lasting cause's id (lasting-causes.ts), when that ended the wait. */
  cause?: string;
  /** The Ready condition's reason and message when the wait ended NotReady. */
  reason?: string;
  polls: number;
  waited_s: number;
}

export async function waitReady(
  args: K8sNodeArgs,
  ctx: ModuleContext,
  target: KubectlTarget,
  node: NodeFacts,
  data: (n: NodeFacts) => Record<string, unknown>,
): Promise<ModulePlan> {
  const started = Date.now();
  const timeoutS = args.timeout ?? DEFAULT_TIMEOUT_S;
  const deadline = target.patience?.until ?? started + timeoutS * 1000;
  const end = (now: NodeFacts, wait: Omit<WaitOutcome, 'waited_s'>) => ({
    ...data(now),
    wait: { ...wait, waited_s: Math.round((Date.now() - started) / 1000) },
  });
  let now = node;
  let polls = 1;
  let seen = { cause: '', times: 0 };
  for (;;) {
    if (now.ready)
      return {
        changes: [],
        data: end(now, { outcome: 'ready', polls }),
        msg: `node ${args.name} ${polls === 1 ? 'is' : 'became'} Ready`,
      };
    const condition = `${now.ready_reason}${now.ready_message ? `: ${now.ready_message}` : ''}`;
    const lasting = lastingCause(now.ready_message);
    // The same cause, not the same text: a message may carry a changing detail.
    seen = { cause: lasting?.id ?? '', times: lasting && seen.cause === lasting.id ? seen.times + 1 : lasting ? 1 : 0 };
    if (lasting && seen.times >= CONFIRM_POLLS) {
      const wait = { outcome: 'lasting' as const, cause: lasting.id, reason: condition, polls };
      return {
        changes: [],
        data: end(now, wait),
        failed: `node ${args.name} will not become Ready by waiting: ${lasting.what} (Ready condition, ${polls} polls: ${condition})`,
      };
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const wait = { outcome: 'timeout' as const, reason: condition, polls };
      return {
        changes: [],
        data: end(now, wait),
        failed: `node ${args.name} is not Ready after ${timeoutS} s${condition ? ` (Ready condition: ${condition})` : ''}`,
      };
    }
    await pollOnce(ctx, target, args.name, Math.min(POLL_MS, left));
    now = (await readNode(ctx.conn, target, args.name)) ?? now;
    polls++;
  }
}

/**
 * One poll's pause: `kubectl wait` for up to `ms`, so a node that turns Ready
 * ends it at once (it watches); an error (the API away) or an early return
 * sleeps out the rest. The read that follows says what the node is now.
 */
async function pollOnce(ctx: ModuleContext, target: KubectlTarget, name: string, ms: number): Promise<void> {
  const started = Date.now();
  const seconds = Math.max(1, Math.round(ms / 1000));
  const once: KubectlTarget = { kubeconfig: target.kubeconfig, context: target.context };
  try {
    const r = await runKubectl(
      ctx.conn,
      once,
      ['wait', '--for=condition=Ready', `--timeout=${seconds}s`, '--', `node/${name}`],
      seconds + READ_TIMEOUT_S,
    );
    if (r.rc === 0) return;
  } catch (e) {
    if (!(e instanceof CommandTimeoutError)) throw e;
  }
  const rest = ms - (Date.now() - started);
  if (rest > 0) await sleep(rest, undefined, { signal: ctx.signal });
}
