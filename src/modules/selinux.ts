// selinux (ansible.posix.selinux). On a host without SELinux (no configuration file, as
// Debian's), ansible.posix 1.5 under ansible-core 2.14 fails with "Unable to find file
// /etc/selinux/config" and a `details` hint, for every state, also in check mode: runbook
// says the same, so a role's `ignore_errors` or `failed_when` behaves alike. A host that has
// the file (SELinux installed) is refused clearly: runbook does not change SELinux yet.
import { shellQuoteValue as q } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    state: { enum: ['enforcing', 'permissive', 'disabled'], description: 'the SELinux mode wanted' },
    policy: { type: 'string', description: 'the policy (targeted, …); required unless state is disabled' },
    configfile: { type: 'string', description: 'the configuration file (default /etc/selinux/config)' },
    update_kernel_param: { type: 'boolean', description: "also the kernel's selinux= parameter (grubby)" },
  },
  required: ['state'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const selinux: ModuleDef<Args> = {
  name: 'selinux',
  summary: 'SELinux mode and policy; on a host without SELinux, fails as Ansible does',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const configfile = args.configfile ?? '/etc/selinux/config';
    const found = await ctx.conn.exec(`test -f ${q(configfile)}`, { signal: ctx.signal });
    if (found.rc !== 0)
      return {
        changes: [],
        failed: `Unable to find file ${configfile}`,
        data: { details: 'Please install SELinux-policy package, if this package is not installed previously.' },
      };
    return {
      changes: [],
      failed: `selinux: ${ctx.host} has SELinux (${configfile}); runbook does not change SELinux settings yet`,
    };
  },
};
