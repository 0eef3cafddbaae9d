// A command's text travels on its stdin, never on a command line: sshd (or sudo,
// or the local /bin/sh) runs a fixed reader that takes the lines up to a marker
// and evals them, so `ps` on the host shows the reader only, not the rendered
// command with its `environment:` values or a secret a template put in it.
// The shell's `read` takes one byte at a time from a pipe, so whatever follows
// the marker is left, untouched, as the command's own stdin.
import { randomBytes } from 'node:crypto';
import { CommandTimeoutError, type Connection, type ExecOptions, type ExecResult } from './connection.js';
import { DelegatingConnection } from './delegating.js';

/** A random line no command contains. */
export function newMarker(): string {
  return `RUNBOOK-${randomBytes(8).toString('hex')}`;
}

/** Shell text that reads the lines up to `marker` from stdin and runs them in this shell. */
export function readAndRun(marker: string): string {
  // Names no command is likely to read; they are not exported.
  return `__rb_c=; while IFS= read -r __rb_l; do [ "$__rb_l" = ${marker} ] && break; __rb_c="$__rb_c$__rb_l
"; done; unset __rb_l; eval "$__rb_c"`;
}

/** What goes to that reader's stdin: the command, the marker, then the command's own input. */
export function scriptInput(command: string, marker: string, stdin?: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${command}\n${marker}\n`), Buffer.from(stdin ?? '')]);
}

class CommandOnStdin extends DelegatingConnection {
  // Drawn at the first command: a task's connection is decorated for every loop
  // item and host, and most (file modules) never run a command.
  private drawn: string | undefined;
  private get marker(): string {
    this.drawn ??= newMarker();
    return this.drawn;
  }

  override async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    try {
      return await this.inner.exec(readAndRun(this.marker), {
        ...opts,
        stdin: scriptInput(command, this.marker, opts.stdin),
      });
    } catch (err) {
      // The message names the command that ran out of time, not the reader.
      if (err instanceof CommandTimeoutError) throw new CommandTimeoutError(err.host, command, err.timeoutMs);
      throw err;
    }
  }
}

/** Every command of `conn` sent on stdin (become does the same through sudo itself). */
export function withCommandOnStdin(conn: Connection): Connection {
  return new CommandOnStdin(conn);
}
