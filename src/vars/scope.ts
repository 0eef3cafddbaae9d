// The variables a task sees on one host. Precedence, lowest first (later wins):
//   0. play `defaults` (what a playbook ships for the user to override anywhere)
//   1. inventory: all → parent groups → child groups → group_vars/ → host → host_vars/
//      (merged by the inventory loader)
//   2. gathered facts (setup, service_facts)
//   3. play `vars`, then the play's `vars_files`, then role vars
//   4. block and task `vars`
//   5. include_vars, registered results and set_fact (kept per host for the whole run)
//   6. extra vars (`-e k=v`, `-e @file.yaml`)
//   7. magic variables: inventory_hostname, group_names, groups, hostvars, playbook_dir,
//      ansible_check_mode, omit
// Later layers replace whole values; dictionaries are not merged (as Ansible's default).
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import { CONTROLLER, OMIT, type Controller } from './condition/index.js';
import { holdsTemplate } from './render-value.js';

/** `groups` magic variable: every group name → its hosts, computed once per run. */
export function groupMembers(inventory: Inventory): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const name of inventory.groups.keys()) groups[name] = [];
  for (const h of inventory.hosts.values()) {
    for (const g of h.groups) {
      groups[g] ??= [];
      groups[g].push(h.name);
    }
  }
  return groups;
}

export interface ScopeInput {
  host: InventoryHost;
  groups: Record<string, string[]>;
  /** Every host's inventory vars and facts, by name (`hostvars.node1.ansible_host`). */
  hostvars: Record<string, Vars>;
  playVars: Vars;
  varsFiles: Vars;
  facts: Vars;
  taskVars: Vars;
  /** include_vars, register and set_fact. */
  setVars?: Vars;
  extraVars: Vars;
  playbookDir: string;
  defaults: Vars;
  checkMode: boolean;
  /** What lookup('env') and lookup('file') read; reachable by no variable name. */
  controller?: Controller;
}

export function taskScope(input: ScopeInput): Vars {
  return {
    // As Ansible's (PlayContext.update_vars): a host whose variables name no connection is reached over
    // ssh, and one that names no address at its inventory name; a task sees both (hostvars do not).
    ansible_connection: 'ssh',
    ansible_host: input.host.name,
    ...input.defaults,
    ...input.host.vars,
    ...input.facts,
    ...input.playVars,
    ...input.varsFiles,
    ...input.taskVars,
    ...input.setVars,
    ...input.extraVars,
    inventory_hostname: input.host.name,
    group_names: input.host.groups.filter((g) => g !== 'all'),
    groups: input.groups,
    hostvars: input.hostvars,
    playbook_dir: input.playbookDir,
    ansible_check_mode: input.checkMode,
    omit: OMIT,
    [CONTROLLER]: input.controller,
  };
}

/**
 * Variables whose value holds a template (`cp: "{{ groups.kube_control_plane | first }}"`,
 * or a list of URLs with `{{ version }}` in them) are rendered when read, with the
 * same scope, as Ansible does; a cycle is an error naming the variable.
 */
export function withTemplatedValues(vars: Vars, render: Render): Vars {
  const scope: Vars = { ...vars };
  const busy = new Set<string>();
  if (isPlain(vars.hostvars)) scope.hostvars = lazyHostvars(vars.hostvars, vars, render);
  for (const [name, value] of Object.entries(vars)) {
    if (name === 'hostvars' || !holdsTemplateOnce(value)) continue;
    let done = false;
    let cached: unknown;
    Object.defineProperty(scope, name, {
      enumerable: true,
      configurable: true,
      get() {
        if (done) return cached;
        if (busy.has(name)) throw new Error(`variable "${name}" refers to itself`);
        busy.add(name);
        try {
          cached = render(value, scope, name);
          done = true;
          return cached;
        } finally {
          busy.delete(name);
        }
      },
    });
  }
  return scope;
}

type Render = (value: unknown, scope: object, name: string) => unknown;

const isPlain = (v: unknown): v is Record<string, Vars> => v !== null && typeof v === 'object' && !Array.isArray(v);

// `hostvars[h].x` renders x alone, in h's own variables, when it is read (as Ansible's
// HostVars): a broken variable of h that nothing reads fails nothing. One per step's
// `hostvars` object, shared by every host's scope, so each value renders once a step.
const lazyHostvarsOf = new WeakMap<object, Record<string, Vars>>();

function lazyHostvars(all: Record<string, Vars>, vars: Vars, render: Render): Record<string, Vars> {
  let lazy = lazyHostvarsOf.get(all);
  if (lazy) return lazy;
  const out: Record<string, Vars> = {};
  lazy = out;
  lazyHostvarsOf.set(all, out);
  lazyHostvarsOf.set(out, out);
  for (const host of Object.keys(all)) {
    let built: Vars | undefined;
    Object.defineProperty(out, host, {
      enumerable: true,
      get: () =>
        (built ??= ownScope(
          withTemplatedValues(
            { ...all[host], inventory_hostname: host, groups: vars.groups ?? {}, omit: OMIT, hostvars: out },
            render,
          ),
        )),
    });
  }
  return out;
}

// h's values may read `hostvars`, but `hostvars[h]` does not list it (as Ansible's
// HostVars): a dump of hostvars (`debug: var=hostvars`) must not loop into itself.
function ownScope(scope: Vars): Vars {
  return Object.defineProperty(scope, 'hostvars', { enumerable: false });
}

// Every host's scope holds the same `hostvars` (every host's variables) and `groups`:
// scanned anew for each host, they made a task's set-up grow with the square of the
// hosts. A scope's values are never changed in place (new facts make new objects),
// so what a scan of one object found holds for as long as it lives.
const scanned = new WeakMap<object, boolean>();

function holdsTemplateOnce(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return holdsTemplate(value);
  let holds = scanned.get(value);
  if (holds === undefined) {
    holds = holdsTemplate(value);
    scanned.set(value, holds);
  }
  return holds;
}

/** `base` plus `extra`, copying property descriptors so templated variables stay lazy. */
export function extendScope(base: object, extra: Record<string, unknown>): Vars {
  // A scope of plain values (no lazy variable) copies as plain values: a loop extends
  // its host's scope once an item, and copying by descriptors is many times slower.
  if (holdsOnlyValues(base)) return { ...base, ...extra } as Vars;
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(base)) as Vars;
  for (const [k, v] of Object.entries(extra))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Scopes known to hold plain, enumerable, writable values only (decided once a scope). */
const onlyValues = new WeakMap<object, boolean>();

function holdsOnlyValues(scope: object): boolean {
  let known = onlyValues.get(scope);
  if (known === undefined) {
    const descriptors = Object.getOwnPropertyDescriptors(scope);
    // Symbol keys too (the controller's hidden entry): Object.values would skip them.
    known =
      Object.getPrototypeOf(scope) === Object.prototype &&
      Reflect.ownKeys(descriptors).every((k) => {
        const d = descriptors[k as keyof typeof descriptors] as PropertyDescriptor;
        return 'value' in d && d.enumerable === true && d.writable === true && d.configurable === true;
      });
    onlyValues.set(scope, known);
  }
  return known;
}
