// Headless Chromium from Debian's package, to check what `runbook report --html`
// shows once its scripts have run. Missing under CI=true is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'mocha';

export const CHROMIUM = '/usr/bin/chromium';

export function needChromium(ctx: Context): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM} is missing: scripts/system-deps.sh installs Debian's chromium`);
  ctx.skip();
}

function chromium(args: string[]): string {
  // A fresh profile each time, and nothing that reaches the network on its own.
  const profile = mkdtempSync(join(tmpdir(), 'runbook-chromium-'));
  try {
    const r = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's DOM after its scripts ran. */
export const dumpDom = (file: string): string => chromium(['--dump-dom', pathToFileURL(file).href]);

export function screenshot(file: string, png: string, size = '1280,900'): void {
  chromium([`--screenshot=${png}`, `--window-size=${size}`, '--hide-scrollbars', pathToFileURL(file).href]);
}

/** The page as Chromium prints it (print styles, backgrounds as the page asks). */
export function printToPdf(file: string, pdf: string): void {
  chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', pathToFileURL(file).href]);
}
