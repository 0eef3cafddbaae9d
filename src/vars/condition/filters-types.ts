// type_debug: the Python type name of a value, as Ansible's filter gives it
// (`x | type_debug == 'bool'`, Kubespray's check that its booleans are not
// strings). A whole number is an int, another number a float.
import type { FilterDef } from './defs.js';
import { isMapping } from './values.js';

export function pythonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return isMapping(v) ? 'dict' : typeof v;
}

export const TYPE_FILTERS: [string, FilterDef][] = [
  [
    'type_debug',
    {
      args: [0, 0],
      doc: "`x | type_debug`: the Python type's name: bool, int, float, str, list, dict, NoneType",
      run: pythonTypeName,
    },
  ],
];
