// SIMULATION, NOT DOCKER, CTR OR CRICTL: tiny shell stand-ins on a lab host, in
// /srv/stubs (put first on PATH with the task's `environment:`), answering the
// few calls containerd_images_from_docker and cri_pods_ready make, from files:
//   docker-images          the names Docker has (one a line)
//   ctr-k8s.io             containerd's images, full references (import appends)
//   crictl-info, running   `crictl info`'s JSON; namespace/name of each ready pod
// The end-to-end tests (test/e2e) run the modules against the real daemons.
import { onHost } from '../../support/host-shell.js';

const DOCKER = `#!/bin/sh
case "$1" in
  image) grep -qxF "$3" /srv/stubs/docker-images ;;
  save) printf 'IMAGE %s\\n' "$2"; head -c 4096 /dev/zero ;;
  *) exit 2 ;;
esac
`;
const CTR = `#!/bin/sh
ns=$2; shift 2
case "$1 $2" in
  "images ls") cat "/srv/stubs/ctr-$ns" 2>/dev/null ;;
  "images import")
    name=$(head -c 200 | head -n 1 | sed 's/^IMAGE //'); cat >/dev/null
    case "$name" in *broken*) echo "ctr: unexpected EOF" >&2; exit 1 ;; */*) ;; *) name="docker.io/library/$name" ;; esac
    echo "$name" >> "/srv/stubs/ctr-$ns" ;;
  *) exit 2 ;;
esac
`;
const CRICTL = `#!/bin/sh
case "$1" in
  info) cat /srv/stubs/crictl-info ;;
  pods) grep "^$5/" /srv/stubs/running | cut -d/ -f2 | grep -E "$7" | sed 's/^/id-/' ;;
  *) exit 2 ;;
esac
`;

/** Fresh stand-ins and state files on `host`. */
export function installStandIns(host: string, files: Record<string, string>): void {
  const all: Record<string, string> = { docker: DOCKER, ctr: CTR, crictl: CRICTL, ...files };
  const writes = Object.entries(all).map(
    ([name, text]) =>
      `cat > /srv/stubs/${name} <<'STUB_EOF'\n${text.endsWith('\n') || text === '' ? text : `${text}\n`}STUB_EOF\n`,
  );
  onHost(
    host,
    `rm -rf /srv/stubs && mkdir -p /srv/stubs\n${writes.join('')}chmod +x /srv/stubs/docker /srv/stubs/ctr /srv/stubs/crictl`,
  );
}

/** A task's `environment:` that finds the stand-ins first. */
export const STUB_PATH = 'environment: { PATH: "/srv/stubs:/usr/local/bin:/usr/bin:/bin" }';
