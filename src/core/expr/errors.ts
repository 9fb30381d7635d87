import { UNSUPPORTED } from './stdlib-unsupported.js';
import { REFUSED_VARIABLES } from './variables.js';
import { ValueError } from './values.js';

/**
 * The one error type of the expression language. `offset` is a 0-based character offset inside
 * `expression` (for templates: inside the whole template), so callers that know where the
 * expression sits in a YAML file can turn it into a file position.
 */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }

  /** 1-based line of `offset` inside `expression`. */
  get line(): number {
    return position(this.expression, this.offset).line;
  }

  /** 1-based column of `offset` inside its line. */
  get column(): number {
    return position(this.expression, this.offset).column;
  }
}

/** A name that is not defined: any() skips such arguments, as a fallback. */
export class UnknownNameError extends ExpressionError {}

export function unknownVariable(name: string, source: string, offset: number): ExpressionError {
  const root = name.split('.')[0];
  const reason = Object.hasOwn(REFUSED_VARIABLES, root) ? REFUSED_VARIABLES[root] : undefined;
  const message = reason
    ? `variable '${name}' is not available in Shakedown: ${reason}`
    : `unknown variable '${name}'`;
  return new UnknownNameError(message, source, offset);
}

export function unknownFunction(name: string, source: string, offset: number): ExpressionError {
  const reason = UNSUPPORTED[name];
  const message = reason
    ? `function '${name}' is not supported by Shakedown: ${reason}`
    : `unknown function '${name}'`;
  return new UnknownNameError(message, source, offset);
}

export function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

// Long expressions (scripts in templates) are cut around the caret so the message stays readable.
const WINDOW = 60;

/**
 * `field: message at line:col` followed by the offending source line and a caret under the
 * offset, e.g.
 *   condition: unknown function 'lenn' at 1:11
 *     passed && lenn(x)
 *               ^
 */
export function formatExpressionError(error: ExpressionError, field?: string): string {
  const { line, column } = position(error.expression, error.offset);
  const head = `${field ? `${field}: ` : ''}${error.message} at ${line}:${column}`;
  let text = error.expression.split('\n')[line - 1] ?? '';
  let caret = column - 1;
  if (text.length > WINDOW) {
    const from = Math.max(0, Math.min(caret - WINDOW / 2, text.length - WINDOW));
    const prefix = from > 0 ? '…' : '';
    const suffix = from + WINDOW < text.length ? '…' : '';
    text = prefix + text.slice(from, from + WINDOW) + suffix;
    caret = caret - from + prefix.length;
  }
  return `${head}\n  ${text}\n  ${' '.repeat(Math.max(0, caret))}^`;
}

/** Runs `fn`, turning a ValueError into an ExpressionError at `offset` (prefixed, e.g. `join()`). */
export function guard<T>(source: string, offset: number, fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValueError) {
      const message =
        prefix && !e.message.startsWith(prefix) ? `${prefix}: ${e.message}` : e.message;
      throw new ExpressionError(message, source, offset);
    }
    throw e;
  }
}
