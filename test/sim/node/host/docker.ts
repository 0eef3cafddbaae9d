// SIMULATION, NOT DOCKER: the start hook of the lab's docker unit
// (/etc/sim-systemd/docker.start). dockerd starts unless /etc/docker/daemon.json
// is not valid JSON, which stops the real one too. A running kubelet then re-checks
// its runtime (kubelet.ts resync). Stopping docker while kubelet uses it makes the
// next kubelet start NotReady.
import { log, readText, resyncKubelet } from './sys.js';

const FILE = '/etc/docker/daemon.json';
const text = readText(FILE);
try {
  if (text !== null) JSON.parse(text);
} catch (e) {
  log(`unable to configure the Docker daemon with file ${FILE}: ${(e as Error).message}`);
  resyncKubelet();
  process.exit(1);
}
log('level=info msg="API listen on /var/run/docker.sock"');
resyncKubelet('docker');
