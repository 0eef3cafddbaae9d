// k8s_node's arguments. One `action` per task, named as kubectl names it, so a
// playbook reads like the runbook an operator would type by hand.
import type { ArgsOf, ArgsSchema } from '../contract.js';

export const DEFAULT_TIMEOUT_S = 300;

// A qualified name with an optional DNS prefix, as the API server checks
// annotation keys; it also keeps `=` and a trailing `-` (kubectl's removal
// syntax) out of keys, so `key=value` / `key-` arguments mean one thing.
const ANNOTATION_KEY = '^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';

export const k8sNodeSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: 'the node, as `kubectl get nodes` names it' },
    action: {
      enum: ['cordon', 'uncordon', 'drain', 'wait_ready', 'runtime', 'annotate'],
      description: 'cordon | uncordon | drain | wait_ready | runtime | annotate',
    },
    kubeconfig: { type: 'string', minLength: 1, description: 'path of a kubeconfig on the host that runs kubectl' },
    context: { type: 'string', minLength: 1, description: 'kubeconfig context' },
    timeout: {
      type: 'integer',
      minimum: 1,
      description: `seconds drain and wait_ready may take (default ${DEFAULT_TIMEOUT_S})`,
    },
    grace_period: {
      type: 'integer',
      minimum: -1,
      description: "drain: seconds each pod gets to stop (-1: the pod's own)",
    },
    pod_selector: { type: 'string', minLength: 1, description: 'drain: only evict pods matching this label selector' },
    ignore_daemonsets: { type: 'boolean', description: 'drain: leave DaemonSet pods (default true)' },
    delete_emptydir_data: { type: 'boolean', description: 'drain: evict pods with emptyDir volumes (default true)' },
    force: { type: 'boolean', description: 'drain: also evict pods no controller manages (default false)' },
    disable_eviction: {
      type: 'boolean',
      description: 'drain: delete pods instead of evicting them, bypassing PodDisruptionBudgets (kubectl 1.18+)',
    },
    skip_wait_for_delete_timeout: {
      type: 'integer',
      minimum: 1,
      description: 'drain: stop waiting for a pod whose deletion is older than this many seconds (kubectl 1.18+)',
    },
    annotations: {
      type: 'object',
      propertyNames: { pattern: ANNOTATION_KEY },
      additionalProperties: { type: ['string', 'null'] },
      minProperties: 1,
      description: 'annotate: key → value; null removes the annotation',
    },
  },
  required: ['name', 'action'],
  if: { properties: { action: { const: 'annotate' } } },
  then: { required: ['annotations'] },
  additionalProperties: false,
} as const satisfies ArgsSchema;

export type K8sNodeArgs = ArgsOf<typeof k8sNodeSchema>;
