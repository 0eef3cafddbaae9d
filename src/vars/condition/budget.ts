// What one evaluation (a condition, or a value with its {% %} statements) may
// spend: steps, the size of one string or list, and the nesting of statements.
// Far beyond any real playbook value (a Kubespray template takes a few thousand
// steps), they make every evaluation end within about a second, with an error
// naming the budget, where JavaScript would run for hours, allocate gigabytes
// or overflow its stack: evaluation is synchronous, so a run can answer a
// signal only between evaluations.
import { Fault } from './fault.js';

export const LIMITS = {
  /** Expression nodes evaluated, literal pieces written and loop passes made. */
  steps: 1_000_000,
  /** Characters of one string, items of one list or mapping. */
  size: 8 * 1024 * 1024,
  /** {% if %} and {% for %} inside one another. */
  nesting: 64,
} as const;

const HINT =
  'this limit keeps a run answering Ctrl-C; do big computations in a command or a script on the host (shell:, script:), not in a template';

export class Budget {
  private spent = 0;

  /** One more step, made at `at` (an offset in the text). */
  step(at: number): void {
    if (++this.spent > LIMITS.steps) {
      throw new Fault(
        `the evaluation takes more than ${LIMITS.steps.toLocaleString('en')} steps (its step budget): a loop over too many items, or loops nested too deeply`,
        { at, hint: HINT },
      );
    }
  }

  /** `value` when it is within the size budget. */
  sized<T>(value: T, at: number): T {
    const size = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
    if (size > LIMITS.size) {
      const what =
        typeof value === 'string'
          ? `a string of ${size.toLocaleString('en')} characters`
          : `a list of ${size.toLocaleString('en')} items`;
      throw new Fault(`the evaluation makes ${what}, more than its size budget (${LIMITS.size.toLocaleString('en')})`, {
        at,
        hint: HINT,
      });
    }
    return value;
  }
}

/** A Fault for what JavaScript itself refused (a string or stack too big): the budget words, not its own. */
export function overBudget(err: RangeError, at: number): Fault {
  const stack = /call stack/i.test(err.message);
  return new Fault(
    stack
      ? 'the value is nested too deeply to evaluate (over the nesting budget)'
      : `the evaluation makes a value bigger than its size budget (${LIMITS.size.toLocaleString('en')} characters or items)`,
    { at, hint: HINT },
  );
}
