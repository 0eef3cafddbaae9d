// The RunbookError a call throws: a test of an error message reads it from here.
import { expect } from 'chai';
import { RunbookError } from '../../src/errors.js';

export function runbookError(fn: () => unknown): RunbookError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RunbookError) return err;
    throw err;
  }
  expect.fail('expected a RunbookError');
}
