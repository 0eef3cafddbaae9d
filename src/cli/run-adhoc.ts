// `runbook run PATTERN -i INV -m MODULE -a ARGS`: one module on the hosts of a
// pattern, as Ansible's `ansible PATTERN -m MODULE -a ARGS`. It is a one-task
// playbook run by apply (the same connection, become, forks, limit, record,
// recap and exit codes), printed as Ansible's ad-hoc output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { RunbookError } from '../errors.js';
import { moduleCatalog } from '../modules/registry.js';
import { INCLUDE_KEYS } from '../parse/load-context.js';
import { closestModule, runbookModule } from '../parse/module-names.js';
import { adhocReporter } from '../report/adhoc.js';
import { apply, type ApplyOptions } from './apply.js';

export interface AdhocOptions
  extends Omit<
    ApplyOptions,
    'live' | 'listHosts' | 'listTasks' | 'listTags' | 'tags' | 'skipTags' | 'startAtTask' | 'shard'
  > {
  /** -m: the module (Ansible's default: command). */
  module: string;
  /** -a: its arguments, free form (`uptime`) or key=value words (`path=/tmp/x state=touch`). */
  args?: string;
}

/** The one-task playbook an ad-hoc command stands for. */
export function adhocPlaybook(pattern: string, module: string, args: string | undefined): string {
  const given = args !== undefined && args.trim() !== '';
  const task = { name: given ? `${module} ${args}` : module, [module]: given ? args : {} };
  return stringify([{ name: `${module} on ${pattern}`, hosts: pattern, gather_facts: false, tasks: [task] }]);
}

/** Task keywords Ansible also runs ad hoc (`ansible -m include_role -a name=web`): all of them but import_playbook. */
const AD_HOC_KEYWORDS: readonly string[] = ['import_tasks', ...INCLUDE_KEYS];

function adhocKeyword(name: string): string | undefined {
  const short = name.replace(/^ansible\.(builtin|legacy)\./, '');
  return AD_HOC_KEYWORDS.includes(short) ? short : undefined;
}

/**
 * Where the one-task playbook is written: as Ansible's ad-hoc base directory is the
 * working directory (roles/ there, relative include paths, playbook_dir), a hidden
 * file there; in a directory of its own when the working directory is not writable.
 */
function adhocPlaybookFile(text: string): { file: string; cleanup: () => void } {
  const here = join(process.cwd(), `.runbook-ad-hoc-${process.pid}.yaml`);
  try {
    writeFileSync(here, text, { flag: 'wx' });
    return { file: here, cleanup: () => rmSync(here, { force: true }) };
  } catch {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-run-'));
    writeFileSync(join(dir, 'ad-hoc.yaml'), text);
    return { file: join(dir, 'ad-hoc.yaml'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
}

export async function runAdhoc(pattern: string, o: AdhocOptions, write: (text: string) => void): Promise<number> {
  const module = runbookModule(o.module, moduleCatalog) ?? adhocKeyword(o.module);
  if (!module) {
    throw new RunbookError(
      'usage',
      `-m ${o.module}: runbook has no such module; the closest it has is "${closestModule(o.module, moduleCatalog)}"`,
      {
        hint: `runbook's modules: ${[...moduleCatalog.keys()].join(', ')}; also ${AD_HOC_KEYWORDS.join(', ')}`,
      },
    );
  }
  const { file: playbook, cleanup } = adhocPlaybookFile(adhocPlaybook(pattern, o.module, o.args));
  try {
    return await apply(playbook, { ...o, live: false, reporter: (w) => adhocReporter(module, w) }, write);
  } catch (err) {
    // The playbook is ours: an error in it is about -m/-a or the pattern, which the user wrote.
    if (!(err instanceof RunbookError) || err.source?.file !== playbook) throw err;
    throw new RunbookError(
      err.code,
      `runbook run ${pattern} -m ${o.module}${o.args === undefined ? '' : ` -a '${o.args}'`}: ${err.message}`,
      { hint: err.hint },
    );
  } finally {
    cleanup();
  }
}
