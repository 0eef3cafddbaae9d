// The units the service_facts tests read (test/modules/service-facts.test.ts and the
// `service-facts` corpus case): one of each shape Ansible tells apart, on the lab's
// systemctl stand-in. All are named sf-*, so resetUnits(host, 'sf-') takes them away.
import { onHost } from '../support/host-shell.js';
import { resetUnits, writeStartHook, writeUnit } from '../lab/sim/units.js';

/** sf-run (enabled, running), sf-off (disabled), sf-fail (failed), sf-static, sf-tpl@ (a template), sf-mask (masked). */
export function writeServiceFactsUnits(host: string): void {
  resetUnits(host, 'sf-');
  for (const n of ['sf-run', 'sf-off', 'sf-fail']) writeUnit(host, n);
  writeUnit(host, 'sf-static', { install: false });
  writeUnit(host, 'sf-tpl@');
  writeStartHook(host, 'sf-fail', 1, 'no start');
  onHost(
    host,
    'systemctl enable --now sf-run 2>/dev/null; systemctl start sf-fail 2>/dev/null; ln -s /dev/null /etc/systemd/system/sf-mask.service; true',
  );
}
