// SIMULATION: LIST and WATCH for any resource: selectors, then a List, a Table
// (server-side printing) or a watch stream of newline-separated events.
import type { Cluster, Resource } from './cluster.js';
import { sendJson, sendStatus, wantsTable, type Req } from './http.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { table } from './tables.js';

export interface Listing<T> {
  /** e.g. "NodeList". */
  kind: string;
  apiVersion: string;
  resource: Resource | 'other';
  items: T[];
  json(item: T): Record<string, unknown>;
  columns: Parameters<typeof table>[0];
}

type Meta = { name?: string; namespace?: string; labels?: Record<string, string> };

// The field selectors the real server supports for the resources simulated here.
const FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.unschedulable', 'status.phase'];

function selected(req: Req): (obj: Record<string, unknown>) => boolean {
  const byLabel = parseLabelSelector(req.query.get('labelSelector'));
  const byField = parseFieldSelector(req.query.get('fieldSelector'), FIELDS);
  return (obj) => {
    const meta = (obj.metadata ?? {}) as Meta;
    const spec = (obj.spec ?? {}) as { nodeName?: string; unschedulable?: boolean };
    const fields = {
      'metadata.name': meta.name ?? '',
      'metadata.namespace': meta.namespace ?? '',
      'spec.nodeName': spec.nodeName ?? '',
      'spec.unschedulable': String(spec.unschedulable ?? false),
      'status.phase': String((obj.status as { phase?: string } | undefined)?.phase ?? ''),
    };
    return byLabel(meta.labels ?? {}) && byField(fields);
  };
}

export function serveList<T>(cluster: Cluster, req: Req, l: Listing<T>): void {
  let keep: (obj: Record<string, unknown>) => boolean;
  try {
    keep = selected(req);
  } catch (e) {
    sendStatus(req.res, 400, 'BadRequest', (e as Error).message);
    return;
  }
  if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
    if (l.resource === 'other')
      sendStatus(req.res, 405, 'MethodNotAllowed', 'the simulated control plane does not watch this resource');
    else watch(cluster, req, l.resource, keep, changedSince(req, l.items.map(l.json).filter(keep)));
    return;
  }
  const items = l.items.filter((i) => keep(l.json(i)));
  if (wantsTable(req)) {
    sendJson(req.res, 200, table(l.columns, items, l.json, req.query.get('includeObject'), cluster.state.revision));
  } else {
    const list = {
      kind: l.kind,
      apiVersion: l.apiVersion,
      metadata: { resourceVersion: String(cluster.state.revision) },
    };
    sendJson(req.res, 200, { ...list, items: items.map(l.json) });
  }
}

// A watch from resourceVersion N first replays what changed after N (the real
// server replays its history): kubectl wait lists, then watches from the list's version.
function changedSince(req: Req, objects: Record<string, unknown>[]): Record<string, unknown>[] {
  const from = Number(req.query.get('resourceVersion') ?? '');
  if (!from) return [];
  return objects.filter((o) => Number((o.metadata as { resourceVersion?: string }).resourceVersion) > from);
}

/** Streams events until timeoutSeconds, the client leaving, or the server stopping. */
function watch(
  cluster: Cluster,
  req: Req,
  resource: Resource,
  accept: (obj: Record<string, unknown>) => boolean,
  replay: Record<string, unknown>[],
): void {
  const { res } = req;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // Headers now, as the real server does: clients wait for them before reading events.
  res.flushHeaders();
  const w = {
    resource,
    accept,
    push(type: string, object: Record<string, unknown>) {
      res.write(`${JSON.stringify({ type, object })}\n`);
    },
  };
  for (const object of replay) w.push('MODIFIED', object);
  cluster.watchers.add(w);
  const seconds = Number(req.query.get('timeoutSeconds') ?? 1800);
  const timer = setTimeout(() => res.end(), seconds * 1000);
  res.on('close', () => {
    clearTimeout(timer);
    cluster.watchers.delete(w);
  });
}
