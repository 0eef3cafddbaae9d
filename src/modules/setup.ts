// setup: what gather_facts runs. Reads the host once (facts/system.ts) and sets
// Ansible's facts (`ansible_facts` and each as `ansible_<name>`) of the
// gather_subset, less what `filter` leaves out, and runbook's own `facts`
// (hostname, os_family, os_version, arch, kernel, init, runtime versions).
import { chosenSubsets, keptByFilter } from '../facts/host/subsets.js';
import { ansibleFacts } from '../facts/host/ansible-facts.js';
import { factsOf, readHostReading } from '../facts/system.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const names = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } as const;

const schema = {
  type: 'object',
  properties: {
    gather_subset: {
      ...names,
      errorHint: 'subsets as Ansible names them: all, min, hardware, network, or !name to leave one out',
    },
    filter: { ...names, errorHint: 'shell-style patterns of fact names: ansible_distribution*' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

const listOf = (v: string | readonly string[] | undefined): string[] =>
  v === undefined
    ? []
    : typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [...v];

export const setup: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'setup',
  summary: "read facts about the host (gather_facts): ansible_facts and runbook's facts",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const requested = listOf(args.gather_subset);
    const subsets = chosenSubsets(requested);
    if ('error' in subsets) return { changes: [], failed: subsets.error };
    const reading = await (ctx.gatheredAhead?.() ?? readHostReading(ctx.conn));
    const kept = keptByFilter(listOf(args.filter));
    const prefixed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ansibleFacts(reading, subsets))) {
      const name = `ansible_${k.replace(/-/g, '_')}`;
      if (kept(name)) prefixed[name] = v;
    }
    const gathered = { ...prefixed, gather_subset: requested.length > 0 ? requested : ['all'], module_setup: true };
    // As Ansible: `ansible_facts.os_family` without the prefix, `ansible_os_family` with it.
    const unprefixed = Object.fromEntries(Object.entries(gathered).map(([k, v]) => [k.replace(/^ansible_/, ''), v]));
    const facts = { ...gathered, ansible_facts: unprefixed, facts: factsOf(reading).runbook };
    return { changes: [], facts, data: { ansible_facts: gathered } };
  },
};
