// The reasons a NotReady node gives that waiting will not cure: the one list
// k8s_node's wait_ready fails fast on. Each entry matches the words the kubelet
// (or the runtime, through the kubelet) prints, as its sources write them; the
// kubelet joins its runtime and network errors into the Ready condition's
// message (pkg/kubelet/nodestatus/setters.go ReadyCondition, from
// pkg/kubelet/runtime.go runtimeErrors/networkErrors). Everything else —
// "PLEG is not healthy", "container runtime status check may not have completed
// yet", "cni plugin not initialized" alone, "Kubelet stopped posting node
// status" (the node lease not renewed), an API server away — may still heal,
// and the wait goes on to its deadline.

export interface LastingCause {
  /** Short name, returned in the result (`wait.cause`). */
  id: string;
  /** What is wrong, in the operator's words. */
  what: string;
  /** The kubelet's or runtime's own words. */
  words: RegExp;
}

export const LASTING_CAUSES: readonly LastingCause[] = [
  {
    id: 'sandbox_image',
    what: 'the sandbox (pause) image cannot be pulled',
    // containerd pkg/cri/server/sandbox_run.go (1.5–1.7): "failed to get sandbox image %q: %w",
    // wrapping "failed to pull and unpack image %q" / "failed to resolve reference %q".
    words: /failed to get sandbox image "[^"]*"/,
  },
  {
    id: 'cri_plugin_disabled',
    what: 'containerd\'s CRI plugin is not loaded (disabled_plugins = ["cri"])',
    // grpc-go server.go: codes.Unimplemented, "unknown service %v"; the kubelet asks for
    // runtime.v1alpha2.RuntimeService before 1.26 and runtime.v1.RuntimeService from then
    // (pkg/kubelet/cri/remote/remote_runtime.go).
    words: /unknown service runtime\.v1(alpha2)?\.RuntimeService/,
  },
  {
    id: 'cgroup_driver',
    what: "the kubelet's cgroup driver differs from the runtime's",
    // dockershim pkg/kubelet/dockershim/docker_service.go: "misconfiguration: kubelet cgroup
    // driver: %q is different from docker cgroup driver: %q"; runc libcontainer/specconv/
    // spec_linux.go, when containerd's runc has SystemdCgroup = true and the kubelet cgroupfs:
    // "expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got %q instead".
    words:
      /kubelet cgroup driver: "[^"]*" is different from docker cgroup driver|expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups/,
  },
  {
    id: 'unknown_flag',
    what: 'the kubelet does not know one of its flags',
    // pflag's "unknown flag: --%s", which cmd/kubelet/app/server.go wraps as "failed to parse
    // kubelet flag: %w" (older releases: "failed to run Kubelet: …"). The kubelet exits on it,
    // so it reaches a node's condition only where something reports that exit; in the lab the
    // kubelet unit fails at its start instead ("Start kubelet" fails at once).
    words: /unknown flag: --[\w-]+/,
  },
  {
    id: 'runtime_socket_missing',
    what: "the runtime's socket is not there (the runtime is not running, or the endpoint is wrong)",
    // grpc-go internal/transport/http2_client.go: "transport: Error while dialing %v" (lower
    // case "error" in later releases) around Go's "dial unix PATH: connect: no such file or
    // directory"; Docker's client: "Cannot connect to the Docker daemon at %s. Is the docker
    // daemon running?".
    words: new RegExp(
      String.raw`transport: error while dialing:? dial unix \S+: connect: no such file or directory|` +
        String.raw`Cannot connect to the Docker daemon at \S+\. Is the docker daemon running\?`,
      'i',
    ),
  },
];

/** The lasting cause a Ready condition's message names, or undefined when waiting may still help. */
export function lastingCause(message: string): LastingCause | undefined {
  return LASTING_CAUSES.find((c) => c.words.test(message));
}

/** Consecutive polls that must show the same lasting cause before the wait gives up. */
export const CONFIRM_POLLS = 3;
/** Between polls of the node's Ready condition. */
export const POLL_MS = 3000;
