// A change that runs one kubectl command on the host, with kubectl's output as
// the result's data and a hard limit past which the task fails, not hangs.
import { kubectlLine, lastLines, runKubectl, type KubectlTarget } from '../../facts/k8s-kubectl.js';
import { CommandTimeoutError, type ExecResult } from '../../transport/connection.js';
import type { ApplyResult, Change, ModuleContext } from '../contract.js';

export interface KubectlStep {
  summary: string;
  args: string[];
  /** Seconds after which the channel is closed and the task fails. */
  limitS: number;
  /** Turns a non-zero exit into a result; the default quotes kubectl's last lines. */
  onFailure?(r: ExecResult): Promise<ApplyResult>;
  /** Data read from a successful run's output. */
  successData?(r: ExecResult): Record<string, unknown>;
}

export function kubectlChange(ctx: ModuleContext, target: KubectlTarget, step: KubectlStep): Change {
  return {
    summary: step.summary,
    async apply() {
      const cmd = kubectlLine(target, step.args);
      let r: ExecResult;
      // A cordon, drain or annotation changes what other nodes' reads say (evicted pods land there): none may be served from before.
      ctx.cache?.forget();
      try {
        r = await runKubectl(ctx.conn, target, step.args, step.limitS).finally(() => ctx.cache?.forget());
      } catch (e) {
        if (!(e instanceof CommandTimeoutError)) throw e;
        return {
          failed: true,
          msg: `kubectl ${step.args[0]} did not finish within ${step.limitS} s on ${ctx.conn.host}; stopped it`,
          data: { cmd },
        };
      }
      const data = { rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd };
      if (r.rc === 0) return { data: { ...data, ...step.successData?.(r) } };
      if (step.onFailure) {
        const out = await step.onFailure(r);
        return { ...out, data: { ...data, ...out.data } };
      }
      return {
        failed: true,
        msg: `kubectl ${step.args[0]} failed (exit code ${r.rc}): ${lastLines(r.stderr || r.stdout)}`,
        data,
      };
    },
  };
}
