// The syntax tree of a condition. `start`/`end` and `at` (where an operator,
// test or filter name is) are 0-based offsets into the condition's text.

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
export type MathOp = '+' | '-' | '*' | '/' | '%' | '~';

interface Span {
  start: number;
  end: number;
}

/** `name=value` in a filter's, test's or lookup's arguments. */
export interface NamedArg {
  name: string;
  at: number;
  value: Node;
}

export type Node =
  | (Span & { kind: 'literal'; value: null | boolean | number | string; raw: string })
  | (Span & { kind: 'list'; items: Node[] })
  | (Span & { kind: 'dict'; entries: { key: Node; value: Node }[] })
  | (Span & { kind: 'choice'; then: Node; cond: Node; otherwise?: Node })
  | (Span & { kind: 'call'; name: string; args: Node[]; named: NamedArg[]; spread?: Node })
  | (Span & { kind: 'group'; inner: Node })
  | (Span & { kind: 'var'; name: string })
  | (Span & { kind: 'member'; object: Node; key: Node })
  | (Span & { kind: 'slice'; object: Node; lower?: Node; upper?: Node; step?: Node })
  | (Span & { kind: 'method'; object: Node; name: string; at: number; args: Node[] })
  | (Span & { kind: 'not'; operand: Node })
  | (Span & { kind: 'neg'; operand: Node })
  | (Span & { kind: 'logic'; op: 'and' | 'or'; left: Node; right: Node })
  | (Span & { kind: 'compare'; op: CompareOp; at: number; left: Node; right: Node })
  | (Span & { kind: 'math'; op: MathOp; at: number; left: Node; right: Node })
  | (Span & {
      kind: 'test';
      name: string;
      at: number;
      negated: boolean;
      subject: Node;
      args: Node[];
      named: NamedArg[];
    })
  | (Span & { kind: 'filter'; name: string; at: number; subject: Node; args: Node[]; named: NamedArg[] });

export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;
