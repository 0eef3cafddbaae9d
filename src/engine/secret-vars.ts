// Which variables hold secrets, found before the run starts so that not even the
// first event can show one: variables listed in `runbook_secret_vars` (in any
// scope), variables whose name says password or token (as `runbook inventory`
// masks them), and the variables a `no_log: true` task sets or reads. Their
// literal values, in every scope they are given in (roles' defaults and vars
// too), join the run's secrets. Tasks and files that includes bring in at run
// time are not seen here; a `!secret` value in them is (the YAML parser adds it).
// (A `!secret` YAML value is added where the YAML is parsed.)
import type { Inventory } from '../types/inventory.js';
import type { Play, Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { SecretValues } from '../secrets.js';

export const SECRET_VARS_VAR = 'runbook_secret_vars';

// ansible_become_password, ansible_password, ansible_ssh_pass, registry_token, db_secret…
const SECRET_NAME = /(^|_)(pass|password|passwd|secret|token|passphrase)$/i;

// Names a no_log task reads that are about the connection or the run, never a secret of its own.
const NOT_SECRET =
  /^(item|inventory_hostname|group_names|groups|hostvars|playbook_dir|ansible_check_mode|ansible_(?!.*pass).*|runbook_.*)$/;

/** `plays`: none for commands that read only the inventory (`runbook inventory`). */
export function collectSecretVars(
  plays: readonly Play[],
  inventory: Inventory,
  extraVars: Vars,
  into: SecretValues,
): void {
  const scopes: Vars[] = [extraVars, ...[...inventory.hosts.values()].map((h) => h.vars)];
  const noLogNames = new Set<string>();
  for (const play of plays) {
    scopes.push(play.defaults, play.vars, play.varsFiles);
    for (const task of tasksOf(play)) {
      scopes.push(task.vars, ...(task.role ? [task.role.defaults, task.role.vars] : []));
      if (task.noLog) for (const n of namesReadOrSet(task)) noLogNames.add(n);
    }
  }
  const listed = new Set<string>();
  for (const scope of scopes) {
    const names = scope[SECRET_VARS_VAR];
    if (Array.isArray(names)) {
      for (const n of names) if (typeof n === 'string') listed.add(n);
    } else if (typeof names === 'string') {
      for (const n of names.split(',')) if (n.trim()) listed.add(n.trim());
    }
  }
  for (const scope of scopes) {
    for (const [name, value] of Object.entries(scope)) {
      if (listed.has(name)) into.addValue(value);
      // Read by a no_log task: its text, not numbers (a port or a count masked everywhere would garble the output).
      else if (noLogNames.has(name)) addStrings(value, into);
      else addNamedSecrets(name, value, into);
    }
  }
}

/** A value under a secret-looking name, at any depth (`registry: {password: …}`). */
function addNamedSecrets(name: string, value: unknown, into: SecretValues): void {
  if (SECRET_NAME.test(name))
    return void (typeof value === 'boolean' || value === null ? undefined : into.addValue(value));
  if (Array.isArray(value)) for (const v of value) addNamedSecrets('', v, into);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) addNamedSecrets(k, v, into);
}

// Guessed from a no_log task, not marked: a value this short ("yes", "a", "644") would mask
// every match in the output and hide no secret worth the name.
const MIN_GUESSED_LENGTH = 4;

function addStrings(value: unknown, into: SecretValues): void {
  if (typeof value === 'string') value.length >= MIN_GUESSED_LENGTH && into.add(value);
  else if (Array.isArray(value)) for (const v of value) addStrings(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) addStrings(v, into);
}

function tasksOf(play: Play): Task[] {
  const flat = (list: Task[]): Task[] =>
    list.flatMap((t) => (t.kind === 'block' ? [t, ...flat(t.block), ...flat(t.rescue), ...flat(t.always)] : [t]));
  return [...flat(play.preTasks), ...flat(play.roles), ...flat(play.tasks), ...flat(play.postTasks), ...play.handlers];
}

/** The task's own `vars`, and every variable its templates name. */
function namesReadOrSet(task: Task): string[] {
  const names = new Set(Object.keys(task.vars));
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(task.kind === 'module' ? [task.args, task.loop] : task.kind === 'include' ? [task.target, task.loop] : []);
  walk(task.environment);
  for (const text of texts) {
    for (const expr of text.match(/\{\{[^}]*\}\}/g) ?? []) {
      // Strings inside the expression are not names.
      for (const word of expr.replace(/"[^"]*"|'[^']*'/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) names.add(word);
    }
  }
  return [...names].filter((n) => !NOT_SECRET.test(n));
}
