// SIMULATION: API discovery. kubectl first asks for aggregated discovery (an
// Accept header with g=apidiscovery.k8s.io); a plain `application/json` reply
// makes it fall back to the classic per-group-version lists served here.
import { sendJson, type Req } from './http.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  platform: 'linux/amd64',
  goVersion: 'go1.23.6',
  compiler: 'gc',
};

const verbs = ['get', 'list', 'patch', 'update', 'watch'];
const resources: Record<string, object[]> = {
  v1: [
    { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs, shortNames: ['no'] },
    { name: 'nodes/status', singularName: '', namespaced: false, kind: 'Node', verbs: ['get', 'patch', 'update'] },
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: [...verbs, 'delete'],
      shortNames: ['po'],
      categories: ['all'],
    },
    // kubectl drain looks for this entry (group and version set) to decide it can evict.
    {
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    },
    {
      name: 'namespaces',
      singularName: 'namespace',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['get', 'list'],
      shortNames: ['ns'],
    },
  ],
  'apps/v1': [
    {
      name: 'daemonsets',
      singularName: 'daemonset',
      namespaced: true,
      kind: 'DaemonSet',
      verbs: ['get', 'list'],
      shortNames: ['ds'],
      categories: ['all'],
    },
    {
      name: 'replicasets',
      singularName: 'replicaset',
      namespaced: true,
      kind: 'ReplicaSet',
      verbs: ['get', 'list'],
      shortNames: ['rs'],
      categories: ['all'],
    },
  ],
  // Read-only and always empty: `kubectl apply --dry-run=client` of docs/scale/job.yaml maps its kind here.
  'batch/v1': [
    { name: 'jobs', singularName: 'job', namespaced: true, kind: 'Job', verbs: ['get', 'list'], categories: ['all'] },
  ],
  'policy/v1': [
    {
      name: 'poddisruptionbudgets',
      singularName: 'poddisruptionbudget',
      namespaced: true,
      kind: 'PodDisruptionBudget',
      verbs: ['get', 'list'],
      shortNames: ['pdb'],
    },
  ],
};

const group = (name: string) => ({
  name,
  versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
  preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
});

/** Answers a discovery path, or returns false when `req` is not one. */
export function discovery(req: Req): boolean {
  const path = `/${req.parts.join('/')}`;
  const { res } = req;
  if (req.method !== 'GET') return false;
  if (path === '/version') sendJson(res, 200, SERVER_VERSION);
  else if (path === '/api')
    sendJson(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  else if (path === '/apis')
    sendJson(res, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [group('apps'), group('batch'), group('policy')],
    });
  else if (path === '/apis/apps' || path === '/apis/batch' || path === '/apis/policy')
    sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...group(req.parts[1]!) });
  else {
    const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : '';
    const list = resources[gv];
    if (!list) return false;
    sendJson(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: list });
  }
  return true;
}
