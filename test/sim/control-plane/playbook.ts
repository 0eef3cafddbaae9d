// Test support: playbooks that drive k8s_node the way the migration does — a
// play over a worker whose node tasks are delegated to the control-plane host,
// which first gets a kubeconfig for the stand-in (even under --check).
import type { TaskResult } from '../../../src/engine/events.js';
import { runYaml, type Recorded, type RunOpts } from '../../support/run.js';
import type { ControlPlane } from './index.js';

export const KUBECONFIG = '/root/sim-kubeconfig';

export interface NodePlay {
  run(tasks: string, opts?: RunOpts): Promise<Recorded>;
  /** One k8s_node task for the worker, delegated; `extra` is more task lines. */
  task(name: string, args: string, extra?: string): string;
  result(run: Recorded, name: string): TaskResult;
}

export function nodePlay(cp: () => ControlPlane, worker: () => string, control: () => string): NodePlay {
  return {
    run: (tasks, opts = {}) =>
      runYaml(
        `
- hosts: ${worker()}
  vars:
    kubeconfig_text: ${JSON.stringify(cp().kubeconfigText)}
  tasks:
    - name: kubeconfig
      copy: { dest: ${KUBECONFIG}, content: "{{kubeconfig_text}}" }
      delegate_to: ${control()}
      check_mode: false
${tasks}`,
        opts,
      ),
    task: (name, args, extra = '') =>
      `    - name: ${name}\n      k8s_node: { name: "{{inventory_hostname}}", kubeconfig: ${KUBECONFIG}, ${args} }\n      delegate_to: ${control()}\n${extra}`,
    result: (run, name) => run.task(name).get(worker())!,
  };
}
