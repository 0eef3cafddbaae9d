// SIMULATION: the three patch types kubectl sends (cordon: strategic merge,
// annotate: merge, `kubectl patch --type=json`: JSON patch), applied to an
// object's JSON. The caller copies back only the fields the simulation models.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export class PatchError extends Error {}

export function applyPatch(contentType: string, target: Obj, body: string): Obj {
  const type = contentType.split(';')[0]!.trim();
  let patch: Json;
  try {
    patch = JSON.parse(body) as Json;
  } catch (e) {
    throw new PatchError(`invalid patch body: ${(e as Error).message}`);
  }
  if (type === 'application/merge-patch+json') return mergePatch(target, patch, false) as Obj;
  // Lists the simulation models (labels, annotations) are maps, so a strategic
  // merge is a merge that ignores the `$`-directives about list order.
  if (type === 'application/strategic-merge-patch+json') return mergePatch(target, patch, true) as Obj;
  if (type === 'application/json-patch+json') return jsonPatch(target, patch);
  throw new PatchError(`unsupported patch type ${type}`);
}

// RFC 7386: objects merge, null deletes, anything else replaces.
function mergePatch(target: Json, patch: Json, strategic: boolean): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (strategic && k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v, strategic);
  }
  return out;
}

// RFC 6902, the operations kubectl users write: add, replace, remove, test.
function jsonPatch(target: Obj, patch: Json): Obj {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be a list of operations');
  const doc = structuredClone(target);
  for (const op of patch as { op?: string; path?: string; value?: Json }[]) {
    const keys = String(op.path ?? '')
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new PatchError(`bad path ${op.path}`);
    let parent: Json = doc;
    for (const k of keys) {
      if (op.op === 'add' && parent && typeof parent === 'object' && !Array.isArray(parent) && !(k in parent))
        parent[k] = {};
      parent = parent && typeof parent === 'object' ? ((parent as Obj)[k] ?? null) : null;
    }
    if (!parent || typeof parent !== 'object' || Array.isArray(parent))
      throw new PatchError(`doc is missing path: ${op.path}`);
    if (op.op === 'add' || op.op === 'replace') {
      if (op.op === 'replace' && !(last in parent))
        throw new PatchError(`replace operation does not apply: doc is missing key: ${op.path}`);
      parent[last] = op.value ?? null;
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new PatchError(`remove operation does not apply: doc is missing path: ${op.path}`);
      delete parent[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value))
        throw new PatchError(`testing value ${op.path} failed`);
    } else throw new PatchError(`unsupported operation: ${op.op}`);
  }
  return doc;
}
