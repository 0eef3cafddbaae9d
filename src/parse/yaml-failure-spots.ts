// Where to point an error the YAML library raises with no useful position of its own: a file nested too
// deep, an alias with no anchor, an alias bomb.
import { type Document, type Node, visit } from 'yaml';

/** Where a node starts in the text (0 when it has no range). */
export function startOf(node: unknown): number {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : 0;
}

// Where the nesting is deepest, by indentation and open brackets: where to point a "too deep" error.
export function deepestOffset(text: string): number {
  let depth = 0;
  let best = 0;
  let bestAt = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') [lineStart, indent] = [true, 0];
    else if (lineStart && (c === ' ' || c === '-')) indent++;
    else lineStart = false;
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (depth + indent > best) [best, bestAt] = [depth + indent, i];
  }
  return bestAt;
}

// `*name` with no `&name` before it: the library reports it as a bad alias count.
export function firstUndefinedAlias(doc: Document): { name: string; at: number } | undefined {
  let found: { name: string; at: number } | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      found = { name: alias.source, at: startOf(alias) };
      return visit.BREAK;
    },
  });
  return found;
}

// A bomb is an alias to something that itself holds aliases: the first such alias.
export function firstNestedAlias(doc: Document): number {
  let found: number | undefined;
  let first: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      first ??= startOf(alias);
      let nested = false;
      visit(alias.resolve(doc) ?? null, {
        Alias: () => {
          nested = true;
          return visit.BREAK;
        },
      });
      if (nested) {
        found = startOf(alias);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found ?? first ?? 0;
}
