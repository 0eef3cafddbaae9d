// group_vars/ and host_vars/ of an inventory source, as Ansible lays them out:
// <dir>/<name>, <dir>/<name>.yaml|.yml|.json, or every such file under <dir>/<name>/.

import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { VarLayer } from '../inventory/precedence.js';
import { varsSchema } from '../schema/vars.js';
import type { Vars } from '../types/vars.js';
import { check } from './validate.js';
import { readYamlFile } from './yaml-source.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads `group_vars/` (kind "group_vars") or `host_vars/` in `sourceDir`: one
 * layer per file, in the order they apply, named by its path as -i gave it.
 */
export function varsFilesReader(sourceDir: string, kind: 'group_vars' | 'host_vars'): (name: string) => VarLayer[] {
  const base = join(sourceDir, kind);
  const dir = resolve(sourceDir);
  const cache = new Map<string, VarLayer[]>();
  // Listed once: a stat per host and extension made loading 100,000 hosts take seconds.
  let entries: Set<string> | undefined;
  const listed = (name: string): boolean => {
    entries ??= new Set(statKind(base) === 'dir' ? readdirSync(base) : []);
    return entries.has(name) || EXTENSIONS.some((e) => entries!.has(name + e));
  };
  return (name) => {
    let layers = cache.get(name);
    if (!layers) {
      layers = (name.includes('/') || listed(name) ? varsFilesFor(base, name) : []).map((f) => ({
        origin: f,
        dir,
        vars: readVarsFile(f, sourceDir),
      }));
      cache.set(name, layers);
    }
    return layers;
  };
}

/**
 * A YAML mapping of variables; an empty file (only comments) is no variables. With `list`
 * (a play's vars_files), a list of mappings too, merged in order, as Ansible's preprocess_vars reads it.
 */
export function readVarsFile(file: string, shownFrom = '.', o: { list?: boolean } = {}): Vars {
  const src = readYamlFile(file, 'variables file');
  if (src.data === null) return {};
  const shown = relative(shownFrom, file) || file;
  const parts: unknown[] = o.list && Array.isArray(src.data) ? src.data : [src.data];
  for (const [i, part] of parts.entries()) {
    check(varsSchema, part, { src, code: 'inventory', at: part === src.data ? [] : [i], name: () => shown });
  }
  return parts.length === 1 ? (parts[0] as Vars) : Object.assign({}, ...(parts as Vars[]));
}

// Files for one name, in the order they are applied (later wins).
function varsFilesFor(base: string, name: string): string[] {
  const files: string[] = [];
  const plain = join(base, name);
  const kind = statKind(plain);
  if (kind === 'file') files.push(plain);
  for (const ext of EXTENSIONS) if (statKind(plain + ext) === 'file') files.push(plain + ext);
  if (kind === 'dir') files.push(...filesUnder(plain));
  return files;
}

// Sorted by name at each level, subdirectories included; hidden files skipped.
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    const kind = statKind(path);
    if (kind === 'dir') out.push(...filesUnder(path));
    else if (kind === 'file' && EXTENSIONS.some((e) => entry.endsWith(e))) out.push(path);
  }
  return out;
}

function statKind(path: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
