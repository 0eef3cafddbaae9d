// setup: what gather_facts runs. Sets `facts` on the host: hostname, os_family,
// os_version, arch, kernel, init, and docker/containerd/kubelet versions when installed.
import { readSystemFacts } from '../facts/system.js';
import type { ModuleDef } from './contract.js';

export const setup: ModuleDef<Record<string, never>> = {
  name: 'setup',
  summary: 'read facts about the host (gather_facts)',
  checkMode: 'full',
  schema: { type: 'object', additionalProperties: false },
  async plan(_args, ctx) {
    const facts = await readSystemFacts(ctx.conn);
    return { changes: [], facts: { facts }, data: { facts } };
  },
};
