import { ExpressionError } from '../../../src/core/expr/errors.js';

/** The ExpressionError `run` throws, as message and offset; fails the test when none is thrown. */
export function failureOf(run: () => unknown): { message: string; offset: number } {
  try {
    run();
  } catch (e) {
    if (e instanceof ExpressionError) return { message: e.message, offset: e.offset };
    throw e;
  }
  throw new Error('no ExpressionError was thrown');
}
