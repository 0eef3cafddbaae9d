// Handlebars' strict mode checks `{{a.b}}` but not a helper's arguments: `{{default a.b 'x'}}` with no `a`
// would fail inside the compiled template as a JavaScript TypeError. The paths of such arguments are found
// once per template, and each render checks their parents in the data before the template runs.

/** A helper argument's path (`a.b`) read from the template's own context, and where it is written. */
export interface ArgPath {
  parts: string[];
  /** 1-based line and 0-based column, as Handlebars counts them. */
  line: number;
  column: number;
}

// Block helpers whose body sees the template's own context; #each and #with give theirs the item's,
// which only the run knows, so paths inside them are left to Handlebars.
const SAME_CONTEXT = new Set(['if', 'unless']);
const INVERSE_SAME_CONTEXT = new Set(['if', 'unless', 'each', 'with']);

/** Every path of two parts or more read from the template's own context: helper arguments and `{{a.b}}`. */
export function helperArgPaths(program: hbs.AST.Program): ArgPath[] {
  const out: ArgPath[] = [];
  const expression = (e: hbs.AST.Expression): void => {
    if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression);
    if (e.type !== 'PathExpression') return;
    const p = e as hbs.AST.PathExpression;
    if (p.parts.length >= 2 && p.depth === 0 && !p.data) {
      out.push({ parts: p.parts, line: p.loc.start.line, column: p.loc.start.column });
    }
  };
  const call = (c: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }): void => {
    for (const param of c.params) expression(param);
    for (const pair of c.hash?.pairs ?? []) expression(pair.value);
  };
  const walk = (p: hbs.AST.Program | undefined): void => {
    for (const s of p?.body ?? []) {
      if (s.type === 'MustacheStatement') {
        // `{{a.b.c}}` with no `a`: strict mode checks only `c`, and reading `b` of nothing is a TypeError.
        expression((s as hbs.AST.MustacheStatement).path);
        call(s as hbs.AST.MustacheStatement);
      }
      if (s.type !== 'BlockStatement') continue;
      const block = s as hbs.AST.BlockStatement;
      call(block);
      const name = block.path.original;
      if (SAME_CONTEXT.has(name)) walk(block.program);
      if (INVERSE_SAME_CONTEXT.has(name)) walk(block.inverse);
    }
  };
  walk(program);
  return out;
}

/**
 * The first of `paths` with a parent that `vars` lacks (undefined or null), where the template would throw, and
 * the name it would be reading from that missing parent (`b` of `a.b.c` when there is no `a`).
 */
export function missingParent(paths: readonly ArgPath[], vars: object): { path: ArgPath; reading: string } | undefined {
  for (const path of paths) {
    let at: unknown = vars;
    for (let i = 0; i < path.parts.length - 1; i++) {
      const part = path.parts[i]!;
      // As Handlebars looks a name up: own properties only.
      at = Object.hasOwn(Object(at), part) ? (at as Record<string, unknown>)[part] : undefined;
      if (at === undefined || at === null) return { path, reading: path.parts[i + 1]! };
    }
  }
  return undefined;
}
