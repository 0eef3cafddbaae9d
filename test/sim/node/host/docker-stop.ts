// SIMULATION, NOT DOCKER: the stop hook of the lab's docker unit
// (/etc/sim-systemd/docker.stop). dockerd takes its containers down with it (no
// live-restore): a control-plane node's static pods on Docker stop, and its API
// server with them.
import { controlPlaneNode, setStaticPods, staticPodsRuntime } from './static-pods.js';

const node = controlPlaneNode();
if (node && staticPodsRuntime() === 'docker') await setStaticPods(node, null);
