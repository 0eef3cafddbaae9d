// SIMULATION: a lab host that looks booted with systemd, for code that asks as Ansible
// does (service_facts reads /proc/1/comm, then takes /usr/bin/systemctl before PATH).
// Inside the host's own mount namespace only: /proc/1/comm (sshd) is covered with a file
// saying "systemd", and /usr/bin/systemctl with the lab's systemctl stand-in. Nothing
// outside the host sees either mount; `asPlainHost` takes both away.
import { onHost } from '../../support/host-shell.js';

export function asSystemdHost(host: string): void {
  onHost(
    host,
    'grep -qs systemd /proc/1/comm || { echo systemd > /run/sim-pid1-comm && mount --bind /run/sim-pid1-comm /proc/1/comm; }; ' +
      'mountpoint -q /usr/bin/systemctl || mount --bind /usr/local/bin/systemctl /usr/bin/systemctl',
  );
}

export function asPlainHost(host: string): void {
  onHost(
    host,
    'umount /proc/1/comm 2>/dev/null; umount /usr/bin/systemctl 2>/dev/null; rm -f /run/sim-pid1-comm; true',
  );
}
