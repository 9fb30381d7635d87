import { describe, expect, it } from '@jest/globals';
import {
  checkExpression,
  checkTemplate,
  evaluate,
  ExpressionError,
  formatExpressionError,
  renderTemplate,
} from '../../../src/core/expr/index.js';
import { expectGolden } from './golden.js';

const vars = { config: { n: 2, list: [1] }, passed: true };

type Case = {
  field: string;
  check?: string;
  template?: string;
  evaluate?: string;
  render?: string;
};

const CASES: Case[] = [
  { field: 'condition', check: 'lenn(x)' },
  { field: 'condition', check: 'passed && lenn(config.list)' },
  { field: 'retry.until', check: 'self.passed &  passed' },
  { field: 'count', check: 'config.n +' },
  { field: 'condition', check: 'join(a, ",", "x")' },
  { field: 'condition', check: 'jq(config, ".a")' },
  { field: 'condition', check: '"unterminated + 1' },
  { field: 'condition', check: 'passed &&\n  (config.n > 1\n   || failed' },
  { field: 'run.image', template: 'node:{{ config.version' },
  { field: 'run.args[0]', template: '--workers={{ config.n * }} --x' },
  { field: 'condition', evaluate: 'passed && config.nn > 1' },
  { field: 'count', evaluate: 'config.n / (config.n - 2)' },
  { field: 'condition', evaluate: 'config.list.5' },
  { field: 'run.shell', render: 'echo {{ config.n }} && echo {{ trim(config.n) }}' },
  {
    field: 'content.files[0].content',
    render: `${'x'.repeat(90)} {{ missing.value }} ${'y'.repeat(90)}`,
  },
];

function errorFor(c: Case): ExpressionError {
  let error: unknown;
  try {
    if (c.check !== undefined) error = checkExpression(c.check);
    if (c.template !== undefined) error = checkTemplate(c.template);
    if (c.evaluate !== undefined) evaluate(c.evaluate, vars);
    if (c.render !== undefined) renderTemplate(c.render, vars);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ExpressionError))
    throw new Error(`no expression error for ${JSON.stringify(c)}`);
  return error;
}

describe('formatExpressionError', () => {
  it('names the field, the problem and the line:column, with a caret under it', () => {
    const text = CASES.map((c) => formatExpressionError(errorFor(c), c.field)).join('\n\n');
    expectGolden('errors.txt', `${text}\n`);
  });

  it('gives 1-based line and column of the offset', () => {
    const error = errorFor({ field: 'x', check: 'a &&\n  b c' });
    expect([error.offset, error.line, error.column]).toEqual([9, 2, 5]);
    expect(formatExpressionError(error)).toBe(
      "unexpected 'c' after the end of the expression at 2:5\n    b c\n      ^",
    );
  });
});
