// An image name as Docker's CLI takes it ("nginx:1.25", "registry.k8s.io/pause:3.9")
// in the full form containerd stores it under ("docker.io/library/nginx:1.25"):
// `ctr images import` of a `docker save` stream names images so, and whether an
// image is in containerd already is read from `ctr images ls -q` in that form.

/** Docker's reference normalisation: docker.io's default registry and library/ namespace, and :latest. */
export function containerdRef(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  // The first part names a registry only if it looks like a host (a dot, a port, or localhost).
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? name : `docker.io/${slash < 0 ? 'library/' : ''}${name}`;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes(':') || last.includes('@') ? path : `${path}:latest`;
}
