// SIMULATION, test support only: Docker-era Kubernetes nodes on lab hosts. See
// seed.ts (seedDockerNode), docker-era.ts (the files), host/ (the start hooks that
// decide Ready/NotReady from the host's real files), host/state.ts (what they record).
export { seedDockerNode, readSimNode, pushImagesUpstream, CRI_SOCKET_ANNOTATION, type SeededNode } from './seed.js';
export {
  FLAGS_FILE,
  KUBELET_CONFIG,
  CRI_DOCKERD_SOCKET,
  dockerEraFlags,
  podInfraImage,
  type DockerNodeOptions,
} from './docker-era.js';
export { shell, sh, type Exit } from './remote.js';
export type { ContainerdState, KubeletState, Cause, LogCarry, NodeSpec, Flavour } from './host/state.js';
export { CONTAINERD_STATE, KUBELET_STATE, REACHABLE_FILE, CONTROL_PLANE_FILE, NODE_FILE } from './host/state.js';
