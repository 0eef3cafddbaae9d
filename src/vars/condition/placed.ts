// Faults of the expression language, placed: an offset in an expression's text
// becomes the file, line and column of a RunbookError with the line and a caret.
import { RunbookError, type SourcePos, type TextOrigin } from '../../errors.js';
import { overBudget } from './budget.js';
import { Fault } from './fault.js';

/** File position of an offset in `text`, which starts at `origin`. */
export function locate(text: string, origin: SourcePos, offset: number): SourcePos {
  const lines = text.slice(0, offset).split('\n');
  const last = lines[lines.length - 1] ?? '';
  return lines.length === 1
    ? { file: origin.file, line: origin.line, col: origin.col + offset }
    : {
        file: origin.file,
        line: origin.line + lines.length - 1,
        col: ((origin as TextOrigin).indent ?? 0) + last.length + 1,
      };
}

export function guarded<T>(text: string, origin: SourcePos, f: () => T): T {
  try {
    return f();
  } catch (caught) {
    // JavaScript's own limits (string length, call stack) in the budget's words.
    const err = caught instanceof RangeError ? overBudget(caught, 0) : caught;
    if (!(err instanceof Fault)) throw err;
    const at = Math.min(Math.max(err.where.at ?? 0, 0), text.length);
    const source = locate(text, origin, at);
    const excerpt = text.split('\n')[source.line - origin.line];
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    throw new RunbookError('playbook', err.message, {
      source,
      excerpt,
      excerptCol: at - lineStart + 1,
      hint: err.where.hint,
    });
  }
}
