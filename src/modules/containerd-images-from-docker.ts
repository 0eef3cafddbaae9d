// containerd_images_from_docker: carries images from the node's Docker into
// containerd, as `docker save IMAGE | ctr -n NAMESPACE images import -` on the
// node, so a node that cannot pull (air-gapped, or a single control plane whose
// static pods must start before its API is back) finds them after the switch.
// Reads first: an image Docker does not have is left out (not_in_docker), one
// containerd has already is ok (in_containerd); only the rest are carried.
//
//   - containerd_images_from_docker: { images: "{{ node.images + [containerd_sandbox_image] }}" }
//     register: carried
//
// images     names as Docker's CLI takes them (each asked by name: `docker
//            images` shows docker.io's images by their short names)
// namespace  containerd namespace (default k8s.io, the one the CRI plugin uses)
// Returned: carried (names), bytes (of the `docker save` streams), missed
// (names whose import failed: they are pulled again later, if the node can
// reach their registry; the task does not fail for them), not_in_docker,
// in_containerd; msg "carried N image(s), B bytes, from Docker into containerd".
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { containerdRef } from './runtime/image-ref.js';

const schema = {
  type: 'object',
  properties: {
    images: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "images to carry, named as Docker's CLI takes them",
    },
    namespace: {
      type: 'string',
      minLength: 1,
      description: "containerd namespace to import into (default k8s.io, the CRI plugin's)",
    },
  },
  required: ['images'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const containerdImagesFromDocker: ModuleDef<Args> = {
  name: 'containerd_images_from_docker',
  summary:
    "carry images from the node's Docker into containerd (docker save | ctr images import), skipping those containerd has",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const ns = args.namespace ?? 'k8s.io';
    const wanted = [...new Set(args.images)].sort();
    const present = await containerdImages(ctx.conn, ns);
    const notInDocker: string[] = [];
    const inContainerd: string[] = [];
    const toCarry: string[] = [];
    for (const image of wanted) {
      if (present.has(containerdRef(image))) inContainerd.push(image);
      else if ((await ctx.conn.exec(`docker image inspect ${shellJoin([image])} >/dev/null 2>&1`)).rc !== 0)
        notInDocker.push(image);
      else toCarry.push(image);
    }
    const read = { not_in_docker: notInDocker, in_containerd: inContainerd };
    if (toCarry.length === 0)
      return {
        changes: [],
        data: { ...read, carried: [], bytes: 0, missed: [] },
        msg: 'carried 0 image(s): containerd has each image Docker has',
      };
    return {
      data: read,
      changes: [
        {
          summary: `carry ${toCarry.length} image(s) from Docker into containerd's ${ns} namespace: ${toCarry.join(', ')}`,
          async apply() {
            const carried: string[] = [];
            const missed: string[] = [];
            let bytes = 0;
            for (const image of toCarry) {
              const moved = await carry(ctx.conn, image, ns);
              if (moved === undefined) {
                missed.push(image);
              } else {
                carried.push(image);
                bytes += moved;
              }
            }
            const msg =
              `carried ${carried.length} image(s), ${bytes} bytes, ` +
              `from Docker into containerd${missed.length ? `; could not carry: ${missed.join(' ')}` : ''}`;
            return { msg, data: { carried, bytes, missed } };
          },
        },
      ],
    };
  },
};

/** What containerd's namespace holds, by full reference; none when containerd does not answer (each import then says). */
async function containerdImages(conn: Connection, ns: string): Promise<Set<string>> {
  const r = await conn.exec(`ctr -n ${shellJoin([ns])} images ls -q 2>/dev/null`);
  return new Set(
    r.rc === 0
      ? r.stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : [],
  );
}

/** One image through the pipe; the stream's size in bytes (dd counts it), or undefined when the import failed. */
async function carry(conn: Connection, image: string, ns: string): Promise<number | undefined> {
  // dd's count goes to stdout; the pipe's status is ctr's (an empty stream from a failed save fails it too).
  const r = await conn.exec(
    `{ docker save ${shellJoin([image])} | dd bs=1M 2>&3 | ctr -n ${shellJoin([ns])} images import - >/dev/null 2>&1; } 3>&1`,
  );
  if (r.rc !== 0) return undefined;
  return Number(/^(\d+) bytes/m.exec(r.stdout)?.[1] ?? 0);
}
