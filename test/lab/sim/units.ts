// Test helpers for the systemctl stand-in: unit files and a clean slate on a lab host,
// through the OpenSSH client (test/support/host-shell.ts), never runbook's transport.
import { shellQuoteValue as q } from '../../../src/quote.js';
import { onHost } from '../../support/host-shell.js';

export const UNIT_DIR = '/etc/systemd/system';
export const WANTS = `${UNIT_DIR}/multi-user.target.wants`;
export const RUN = '/run/sim-systemd';

/** Writes NAME.service; `install: false` leaves out [Install] (a static unit). */
export function writeUnit(host: string, name: string, opts: { dir?: string; install?: boolean } = {}): void {
  const body =
    `[Unit]\nDescription=Lab unit ` +
    `${name}\n\n[Service]\nExecStart=/bin/true\n${opts.install === false ? '' : '\n[Install]\nWantedBy=multi-user.target\n'}`;
  onHost(host, `printf %s ${q(body)} > ${q(`${opts.dir ?? UNIT_DIR}/${name}.service`)}`);
}

/** An executable start hook: `exit N` after printing `message` to stderr. */
export function writeStartHook(host: string, name: string, exitCode: number, message: string): void {
  const script = `#!/bin/sh\necho ${q(message)} >&2\nexit ${exitCode}\n`;
  onHost(
    host,
    `mkdir -p /etc/sim-systemd && printf %s ${q(script)} > /etc/sim-systemd/${q(name)}.start && chmod +x /etc/sim-systemd/${q(name)}.start`,
  );
}

/** Stops and forgets every unit whose name starts with `prefix`: files, links, state, hooks. */
export function resetUnits(host: string, prefix: string): void {
  const p = q(prefix);
  onHost(
    host,
    `for f in ${RUN}/${p}*.pid; do [ -f "$f" ] && kill "$(cat "$f")"; done 2>/dev/null; ` +
      `rm -f ${UNIT_DIR}/${p}* /lib/systemd/system/${p}* ${WANTS}/${p}* ${RUN}/${p}* /etc/sim-systemd/${p}*; true`,
  );
}

export interface Exit {
  rc: number;
  out: string;
  err: string;
}

/** Runs a command line on the host and returns its exit code, stdout and stderr. */
export function runOn(host: string, line: string): Exit {
  const raw = onHost(
    host,
    `(${line}) >/tmp/sim.out 2>/tmp/sim.err; echo $?; base64 -w0 /tmp/sim.out; echo; base64 -w0 /tmp/sim.err; echo`,
  );
  const [rc, out, err] = raw.split('\n');
  const text = (b64 = ''): string => Buffer.from(b64, 'base64').toString('utf8');
  return { rc: Number(rc), out: text(out), err: text(err) };
}
