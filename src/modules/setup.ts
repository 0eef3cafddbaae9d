// setup: what gather_facts runs. Sets `facts` on the host: hostname, os_family,
// os_version, arch, kernel, init, and docker/containerd/kubelet versions when installed.
import { readSystemFacts } from '../facts/system.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = { type: 'object', additionalProperties: false } as const satisfies ArgsSchema;

export const setup: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'setup',
  summary: 'read facts about the host (gather_facts)',
  checkMode: 'full',
  schema,
  async plan(_args, ctx) {
    const facts = await readSystemFacts(ctx.conn);
    return { changes: [], facts: { facts }, data: { facts } };
  },
};
