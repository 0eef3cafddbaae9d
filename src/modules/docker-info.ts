// docker_info: what Docker did for this node that containerd must now do, read
// from /etc/docker/daemon.json and docker.service's drop-ins. Read-only.
//
//   - docker_info: { merge_registries: "{{containerd_registry_mirrors}}" }
//     register: docker
//
// Returned: registries (hosts.toml entries: Docker's registry-mirrors as
// docker.io's, each insecure registry with skip_verify and an http:// host,
// merged with merge_registries), proxy (HTTP_PROXY/HTTPS_PROXY/NO_PROXY of
// docker.service), cgroup_driver (exec-opts), log_max_size, log_max_file, and
// not_carried: [{setting, value, what}] for what containerd cannot take over.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { dockerSettings } from './docker/daemon-settings.js';
import type { Connection } from '../transport/connection.js';
import { unitEnvironment } from './systemd/unit-environment.js';
import { serviceDirectives } from './systemd/unit-text.js';

const DAEMON_JSON = '/etc/docker/daemon.json';

const schema = {
  type: 'object',
  properties: {
    merge_registries: {
      type: 'array',
      description: "the playbook's own registries (containerd_registry_mirrors), merged with Docker's",
      items: {
        type: 'object',
        properties: {
          registry: { type: 'string', minLength: 1 },
          server: { type: 'string', minLength: 1 },
          mirrors: { type: 'array', items: { type: 'string', minLength: 1 } },
          skip_verify: { type: 'boolean' },
        },
        required: ['registry'],
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const dockerInfo: ModuleDef<Args> = {
  name: 'docker_info',
  summary:
    "read Docker's settings (daemon.json, docker.service's proxy) as containerd's equivalents, and what cannot be carried",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const raw = await ctx.conn.readFile(DAEMON_JSON);
    let daemon: Record<string, unknown> = {};
    if (raw !== null && raw.toString('utf8').trim() !== '') {
      try {
        daemon = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        return {
          changes: [],
          failed: `${DAEMON_JSON} on ${ctx.host} is not valid JSON (${(e as Error).message}); dockerd would not start with it either: fix it first`,
        };
      }
    }
    const registries = (args.merge_registries ?? []).map((r) => ({
      ...r,
      server: r.server ?? `https://${r.registry === 'docker.io' ? 'registry-1.docker.io' : r.registry}`,
      mirrors: r.mirrors ?? [],
    }));
    const data = dockerSettings(daemon, await serviceEnvironment(ctx.conn, 'docker.service'), registries);
    return { changes: [], data: { ...data } };
  },
};

/** docker.service's environment (its unit and drop-ins); none when there is no such unit. */
async function serviceEnvironment(conn: Connection, unit: string): Promise<Record<string, string>> {
  const cat = await conn.exec(shellJoin(['systemctl', 'cat', '--', unit]));
  if (cat.rc !== 0) return {};
  return Object.fromEntries((await unitEnvironment(conn, serviceDirectives(cat.stdout))).env);
}
