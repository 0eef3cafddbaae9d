// An inventory file in Ansible's INI format → its group definitions, read the
// way Ansible's ini inventory plugin reads it:
//   [group]           host lines: `name [key=value …]`, ranges (node[01:20]), name:port
//   [group:children]  one group name a line; each must be declared as a section
//   [group:vars]      one `key=value` a line, everything after the = is the value
//   lines before any section are hosts of `ungrouped`; `#` and `;` start comment lines.
// Values, on host lines and in :vars alike, are read as Python literals when
// they are one (see ini/python-literal.ts), else kept as text: Ansible applies
// literal_eval to both, whatever its docs say of :vars (ansible/ansible#86229).
// A generic INI library does not fit: host lines are not key=value pairs.

import { noteTemplate } from './template-origins.js';
import { RunbookError } from '../errors.js';
import type { GroupDef, Where } from '../inventory/build.js';
import { HOST_PATTERN_HINT, expandHostPattern } from '../inventory/host-range.js';
import { VAR_NAME_PATTERN } from '../schema/vars.js';
import type { VarValue, Vars } from '../types/vars.js';
import { pythonLiteral } from './ini/python-literal.js';
import { splitWords } from './ini/shlex.js';

type State = 'hosts' | 'children' | 'vars';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const LOOKS_LIKE_SECTION = /^\[[^\]]*\]\s*(?:[#;].*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;
const VAR_NAME = new RegExp(VAR_NAME_PATTERN);
const SECTION_HINT = 'sections are [group], [group:children] or [group:vars], with no spaces inside the brackets';

/** A group named in the file that must be declared by a [group] or [group:children] section. */
interface Pending {
  group: string;
  at: Where;
  message: string;
}

/**
 * Group definitions of an INI inventory, in file order. `declared` holds the
 * groups earlier sources defined, which [x:children] and [x:vars] may name.
 */
export function iniGroupDefs(text: string, file: string, declared: ReadonlySet<string>): GroupDef[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const known = new Set([...declared, 'all', 'ungrouped']);
  const pending: Pending[] = [];
  const defs: GroupDef[] = [];
  const where = (line: number, offset: number): Where => ({
    source: { file, line, col: offset + 1 },
    excerpt: (lines[line - 1] ?? '').replace(/\t/g, ' '),
  });
  const fail = (at: Where, message: string, hint: string): never => {
    throw new RunbookError('inventory', message, { ...at, hint });
  };

  let current: GroupDef = { name: 'ungrouped', hosts: [], vars: {}, at: where(1, 0) };
  let state: State = 'hosts';
  defs.push(current);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;

    const section = SECTION.exec(line);
    if (section) {
      const [, group = '', kind = 'hosts'] = section;
      if (kind !== 'hosts' && kind !== 'children' && kind !== 'vars') {
        fail(
          where(lineNo, indent + group.length + 2),
          `section [${group}:${kind}] has an unknown type "${kind}"`,
          SECTION_HINT,
        );
      }
      state = kind as State;
      current = { name: group, hosts: [], vars: {}, at: where(lineNo, indent + 1) };
      defs.push(current);
      if (state === 'vars') {
        if (!known.has(group))
          pending.push({
            group,
            at: current.at,
            message: `[${group}:vars] sets variables of group "${group}", which no section defines`,
          });
      } else known.add(group);
      return;
    }
    if (LOOKS_LIKE_SECTION.test(line)) fail(where(lineNo, indent), `invalid section header ${line}`, SECTION_HINT);
    // A host name never starts with "[": this is a section header missing its "]".
    if (line.startsWith('[') && !line.includes(']'))
      fail(where(lineNo, indent + line.length), `section header ${line} is not closed`, SECTION_HINT);

    if (state === 'hosts')
      addHosts(current, hostLine(raw, where.bind(null, lineNo), fail), where(lineNo, indent), fail);
    else if (state === 'vars') {
      const [key, value] = varLine(raw, where(lineNo, indent), fail, current.name);
      current.vars[key] = value;
    } else {
      const child = GROUP_NAME.exec(line)?.[1];
      if (child === undefined)
        fail(
          where(lineNo, indent),
          `expected a group name in [${current.name}:children], got "${line}"`,
          'list one child group a line; hosts go in a [group] section',
        );
      const at = where(lineNo, indent);
      defs.push({ name: child as string, parent: current.name, hosts: [], vars: {}, at });
      if (!known.has(child as string))
        pending.push({
          group: child as string,
          at,
          message: `[${current.name}:children] names group "${child}", which no section defines`,
        });
    }
  });

  if (lines.every((l) => /^\s*(?:[#;].*)?$/.test(l))) {
    fail(
      where(1, 0),
      `inventory ${file} is empty`,
      'an INI inventory lists hosts under [group] sections: "[web]" then one host a line',
    );
  }
  // As Ansible: a group named in :children or :vars must be declared somewhere in the file.
  const missing = pending.find((p) => !known.has(p.group));
  if (missing) fail(missing.at, missing.message, `add a [${missing.group}] section (it may be empty)`);
  return defs;
}

type Fail = (at: Where, message: string, hint: string) => never;

// The same host twice in one section: Ansible keeps the later line's variables
// without a word, so one of the two lines is silently wrong.
const namesIn = new WeakMap<GroupDef, Set<string>>();
function addHosts(group: GroupDef, hosts: { name: string; vars: Vars }[], at: Where, fail: Fail): void {
  let names = namesIn.get(group);
  if (!names) {
    names = new Set();
    namesIn.set(group, names);
  }
  for (const host of hosts) {
    if (names.has(host.name)) {
      fail(
        at,
        `host "${host.name}" is listed twice in [${group.name}]`,
        'list each host once per section, with all its variables on that line',
      );
    }
    names.add(host.name);
    group.hosts.push(host);
  }
}

// `node[1:3]:2222 ansible_user=core motd="hello world"` → the hosts, each with the variables.
function hostLine(raw: string, at: (offset: number) => Where, fail: Fail): { name: string; vars: Vars }[] {
  const split = splitWords(raw);
  if ('error' in split) return fail(at(split.at), split.error, 'close the quote, or escape it with a backslash');
  const [pattern, ...assignments] = split.words;
  if (!pattern) return [];
  if (pattern.text === '---')
    fail(at(pattern.start), 'this looks like a YAML file, read as INI', 'name a YAML inventory *.yaml or *.yml');
  const expanded = expandHostPattern(pattern.text);
  if ('error' in expanded) return fail(at(pattern.start), expanded.error, HOST_PATTERN_HINT);
  const vars: Vars = expanded.port === undefined ? {} : { ansible_port: expanded.port };
  for (const word of assignments) {
    const eq = word.text.indexOf('=');
    if (eq <= 0) {
      fail(
        at(word.start),
        `expected key=value after host "${pattern.text}", got "${word.text}"`,
        'host variables are written name=value; quote a value that holds spaces: motd="hello world"',
      );
    }
    const key = word.text.slice(0, eq);
    checkName(key, at(word.start), fail);
    vars[key] = iniValue(word.text.slice(eq + 1));
    noteIniTemplate(key, vars[key], raw, word.start + eq + 1, at);
  }
  return expanded.hosts.map((name) => ({ name, vars }));
}

// `key = value`: one a line; the value is the rest of the line.
function varLine(raw: string, at: Where, fail: Fail, group: string): [string, VarValue] {
  const line = raw.trim();
  const eq = line.indexOf('=');
  if (eq < 0) fail(at, `expected key=value in [${group}:vars], got "${line}"`, 'write one variable a line: name=value');
  const key = line.slice(0, eq).trim();
  checkName(key, at, fail);
  const value = iniValue(line.slice(eq + 1).trim());
  const rawEq = raw.indexOf('=');
  const lead = raw.slice(rawEq + 1).length - raw.slice(rawEq + 1).trimStart().length;
  noteIniTemplate(key, value, raw, rawEq + 1 + lead, (offset) => ({
    ...at,
    source: { ...at.source, col: offset + 1 },
  }));
  return [key, value];
}

// Where a templated value is written (template-origins.ts), past its opening quote.
function noteIniTemplate(
  key: string,
  value: unknown,
  raw: string,
  offset: number,
  at: (offset: number) => Where,
): void {
  if (typeof value !== 'string') return;
  const quoted = raw[offset] === '"' || raw[offset] === "'";
  noteTemplate(key, value, at(offset + (quoted ? 1 : 0)).source);
}

function checkName(key: string, at: Where, fail: Fail): void {
  if (!VAR_NAME.test(key))
    fail(
      at,
      `invalid variable name "${key}"`,
      'variable names use letters, digits and _, and do not start with a digit',
    );
}

function iniValue(text: string): VarValue {
  const value = pythonLiteral(text);
  return value === undefined ? text : value;
}
