// The internal error of the condition language. Lexer, parser, tests and filters
// throw a Fault; index.ts turns it into a RunbookError pointing at the column.

export interface FaultWhere {
  /** 0-based offset in the condition's text. */
  at?: number;
  /** Index of the test's or filter's argument at fault, when `at` is not known yet. */
  arg?: number;
  hint?: string;
}

export class Fault extends Error {
  readonly where: FaultWhere;

  constructor(message: string, where: FaultWhere = {}) {
    super(message);
    this.name = 'Fault';
    this.where = where;
  }
}

/** A copy of `fault` placed at `at` (or at its argument), unless it already has a place. */
export function placeFault(fault: Fault, at: number, argStarts: readonly number[] = []): Fault {
  if (fault.where.at !== undefined) return fault;
  const argAt = fault.where.arg === undefined ? undefined : argStarts[fault.where.arg];
  return new Fault(fault.message, { at: argAt ?? at, hint: fault.where.hint });
}

/** What `f` throws as a Fault, placed at `at` (or at the start of the argument it names). */
export function placedAt<T>(at: number, args: readonly { start: number }[], f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw err instanceof Fault
      ? placeFault(
          err,
          at,
          args.map((a) => a.start),
        )
      : err;
  }
}
