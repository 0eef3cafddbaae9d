// Turns the yaml package's syntax errors into messages and hints an operator can act on.

import type { YAMLError } from 'yaml';
import { RunbookError } from '../errors.js';
import type { SourcePos } from '../errors.js';

const HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping; remove or rename one of them',
  TAB_AS_INDENT: 'YAML indentation must use spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line against the lines above it',
  MISSING_CHAR: 'check the indentation: items of one list or mapping must start in the same column',
  BLOCK_AS_IMPLICIT_KEY: 'a value containing ": " must be quoted, e.g. cmd: "echo a: b"',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; is a ":" missing on the line above?',
  MULTIPLE_DOCS: 'put everything in one YAML document (remove the second "---")',
  BAD_SCALAR_START: 'values starting with @ or ` must be quoted',
  UNEXPECTED_TOKEN: 'check quoting and indentation around this point',
};

const MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'tab used for indentation',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping cannot start in the middle of a line',
};

type At = { source: SourcePos; excerpt: string };

/** The yaml library caps its own recursion and reports it as a syntax error. */
const STACK_OVERFLOW = /call stack/i;

export function yamlSyntaxError(err: YAMLError, at: At, text: string): RunbookError {
  if (STACK_OVERFLOW.test(err.message)) return tooDeepError(at);
  const message =
    err.code === 'DUPLICATE_KEY'
      ? `duplicate key "${duplicateKey(err, text)}"`
      : `invalid YAML: ${MESSAGES[err.code] ?? lowerFirst(err.message)}`;
  // A tab in the indentation is often reported as something else (an unexpected scalar).
  const lineStart = text.lastIndexOf('\n', err.pos[0] - 1) + 1;
  if (/^ *\t/.test(text.slice(lineStart, lineStart + 200))) {
    return new RunbookError('yaml', message, { ...at, hint: HINTS.TAB_AS_INDENT });
  }
  // An unquoted {{ … }} is the usual cause of odd YAML errors in playbooks: point at it.
  const template = /(?:^|[:-]\s)\s*({{)/d.exec(at.excerpt)?.indices?.[1]?.[0];
  if (template !== undefined) {
    return new RunbookError('yaml', message, {
      ...at,
      source: { ...at.source, col: template + 1 },
      hint: 'quote values that start with a template: dest: "{{ dir }}/file"',
    });
  }
  return new RunbookError('yaml', message, { ...at, hint: HINTS[err.code] ?? 'check the syntax around this point' });
}

export function duplicateKeyError(key: string, at: At, firstLine: number): RunbookError {
  return new RunbookError('yaml', `duplicate key "${key}"`, {
    ...at,
    hint: `${HINTS.DUPLICATE_KEY} (it is first at line ${firstLine})`,
  });
}

export function selfAliasError(name: string, at: At, anchorLine: number): RunbookError {
  return new RunbookError(
    'yaml',
    `the alias *${name} is inside its own anchor &${name} (line ${anchorLine}): the value would contain itself`,
    {
      ...at,
      hint: `an alias must refer to a value that is complete where it is used: write the data out, or anchor a smaller part`,
    },
  );
}

export function aliasBombError(at: At): RunbookError {
  return new RunbookError('yaml', 'YAML aliases expand to too much data (more than 1000 copies of an anchor)', {
    ...at,
    hint: 'an alias to a list that itself holds aliases multiplies: write the data out, or use fewer levels of aliases',
  });
}

export function undefinedAliasError(name: string, at: At): RunbookError {
  return new RunbookError('yaml', `undefined YAML alias *${name}: no anchor &${name} comes before it`, {
    ...at,
    hint: `define the anchor on the value to reuse (key: &${name} value) above this line, or write the value out`,
  });
}

export function tooDeepError(at: At): RunbookError {
  return new RunbookError('yaml', 'the YAML nests too deeply to be read', {
    ...at,
    hint: 'runbook reads a few hundred levels of nested lists and mappings; flatten the data',
  });
}

// The error's range may cover only the key's first character: read the key from the text.
function duplicateKey(err: YAMLError, text: string): string {
  const m = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\n]*?))\s*:(?:\s|$)/.exec(text.slice(err.pos[0]));
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : text.slice(err.pos[0], err.pos[1]);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
