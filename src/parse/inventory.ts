// Inventory sources (what -i names: files, or directories of them) + the
// group_vars/ and host_vars/ of each → one Inventory. This file finds the files
// and picks their format; inventory-yaml.ts and inventory-ini.ts read them and
// src/inventory/build.ts makes the graph. Sources are merged in the order given,
// as Ansible merges several -i: later ones add hosts and groups and override variables.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import { buildInventory } from '../inventory/build.js';
import type { GroupDef, InventorySource } from '../inventory/build.js';
import { hostListSource, isHostList } from '../inventory/host-list.js';
import type { Inventory } from '../types/inventory.js';
import { iniGroupDefs } from './inventory-ini.js';
import { yamlGroupDefs } from './inventory-yaml.js';
import { varsFilesReader } from './vars-files.js';
import { cannotRead, parseYaml, readSourceText } from './yaml-source.js';

const YAML_EXTENSIONS = ['.yaml', '.yml', '.json'];
const FORMATS_HINT =
  'runbook reads Ansible inventories in YAML (*.yaml, *.yml, *.json) or INI (*.ini, or no extension)';

// What Ansible passes over in an inventory directory: hidden files, the vars
// directories, and its INVENTORY_IGNORE_EXTS (backups, editor files, docs, retry files).
const IGNORED_NAMES = new Set(['group_vars', 'host_vars', 'vars_plugins']);
const IGNORED_ENDINGS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.cfg', '.retry'];

/** Reads one or several inventory sources (files or directories) into one inventory. */
export function loadInventory(sources: string | readonly string[], playbookDirs: readonly string[] = []): Inventory {
  const paths = typeof sources === 'string' ? [sources] : [...sources];
  if (paths.length === 0)
    throw new RunbookError('usage', 'no inventory given', { hint: 'name one with -i FILE or -i DIRECTORY' });
  const declared = new Set<string>();
  const read: InventorySource[] = paths.map((path) => {
    if (isHostList(path, existsSync)) return hostListSource(path, resolve('.'));
    const isDir = kindOf(path, 'inventory') === 'dir';
    const files = isDir ? inventoryFiles(path) : [path];
    if (files.length === 0) {
      throw new RunbookError('usage', `inventory directory ${path} holds no inventory file`, { hint: FORMATS_HINT });
    }
    const defs = files.flatMap((file) => {
      const fileDefs = groupDefsOf(file, declared);
      for (const d of fileDefs) declared.add(d.name);
      return fileDefs;
    });
    const dir = isDir ? path : dirname(path);
    return {
      path,
      dir: resolve(dir),
      defs,
      files: { group: varsFilesReader(dir, 'group_vars'), host: varsFilesReader(dir, 'host_vars') },
    };
  });
  return buildInventory([...read, ...playbookVarsSources(playbookDirs)]);
}

/**
 * group_vars/ and host_vars/ beside the playbook: after every inventory source's, as
 * Ansible's vars plugins read the playbook's directory after the inventory's (at each of
 * the all, group and host levels: hostVars in inventory/precedence.ts merges them so).
 */
export function playbookVarsSources(dirs: readonly string[]): InventorySource[] {
  return [...new Set(dirs.map((d) => resolve(d)))].map((dir) => ({
    path: dir,
    dir,
    defs: [],
    files: { group: varsFilesReader(dir, 'group_vars'), host: varsFilesReader(dir, 'host_vars') },
  }));
}

// The format from the extension; without one (or with another), YAML when the
// file reads as a YAML mapping, else INI, as Ansible tries its yaml plugin before its ini one.
function groupDefsOf(file: string, declared: ReadonlySet<string>): GroupDef[] {
  const text = readSourceText(file, 'inventory');
  const ext = extname(file).toLowerCase();
  if (YAML_EXTENSIONS.includes(ext)) return yamlGroupDefs(parseYaml(text, file));
  if (ext === '.ini') return iniGroupDefs(text, file, declared);
  if (text.startsWith('#!')) {
    throw new RunbookError('inventory', `${file} is a script: inventory scripts are not supported`, {
      source: { file, line: 1, col: 1 },
      hint: `write its output to a file: ${FORMATS_HINT}`,
    });
  }
  const yaml = yamlMapping(text, file);
  if (yaml) return yamlGroupDefs(yaml);
  try {
    return iniGroupDefs(text, file, declared);
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    throw new RunbookError(
      err.code,
      `${basename(file)} is neither a YAML inventory (a mapping of groups) nor a valid INI one: ${err.message}`,
      {
        source: err.source,
        excerpt: err.excerpt,
        hint: `${FORMATS_HINT}; as INI: ${err.hint ?? ''}`,
      },
    );
  }
}

function yamlMapping(text: string, file: string): ReturnType<typeof parseYaml> | undefined {
  try {
    const src = parseYaml(text, file);
    return src.data !== null && typeof src.data === 'object' && !Array.isArray(src.data) ? src : undefined;
  } catch {
    return undefined; // not YAML: try INI
  }
}

// Every file under an inventory directory, sorted by name at each level, subdirectories included (as Ansible).
function inventoryFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw cannotRead(dir, 'inventory directory', err);
  }
  return entries
    .filter(
      (name) => !name.startsWith('.') && !IGNORED_NAMES.has(name) && !IGNORED_ENDINGS.some((e) => name.endsWith(e)),
    )
    .flatMap((name) => {
      const path = join(dir, name);
      const kind = kindOf(path, 'inventory');
      return kind === 'dir' ? inventoryFiles(path) : kind === 'file' ? [path] : [];
    });
}

function kindOf(path: string, what: string): 'file' | 'dir' | 'other' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch (err) {
    throw cannotRead(path, what, err);
  }
}
