import { describe, expect, it } from '@jest/globals';
import {
  evaluate,
  evaluateTyped,
  partialEvaluate,
  renderTemplate,
} from '../../../src/core/expr/index.js';

// Expected texts are what Testkube's own evaluator gives for the same input.
describe("Testkube's int64 results", () => {
  it.each([
    ['{{ int(1000000) }}', '1000000'],
    ['{{ 1000000 }}', '1e+06'],
    ['{{ len("abc") * 1000000 }}', '3e+06'],
    ['{{ int(1e19) }}', '-9223372036854775808'],
    ['{{ tojson(list(int(5), 1.5)) }}', '[5,1.5]'],
    ['{{ tojson(int(1e19)) }}', '-9223372036854775808'],
    ['{{ toyaml(int(1e7)) }}', '10000000\n'],
    ['{{ big }}', '1000000'],
    ['{{ round(2.5) }}', '3'],
    ['{{ int(-2.7) }}', '-2'],
    ['{{ len("é") }}', '2'],
    ['{{ floor(-0.5) }}', '-1'],
    ['{{ true ? int(2e6) : 1 }}', '2000000'],
  ])('%s renders %j', (template, text) => {
    expect(renderTemplate(template, { big: 1000000 })).toBe(text);
  });

  it('keeps the int64 type in typed results and gives plain numbers to other callers', () => {
    expect(evaluateTyped('int(2e6)', {})).toBe(2000000n);
    expect(evaluateTyped('int(2e6) + 0', {})).toBe(2000000);
    expect(evaluate('list(len("ab"), 1.5)', {})).toEqual([2, 1.5]);
  });

  it('prints a folded int64 so that it reads back as one', () => {
    const result = partialEvaluate('int(1e6) + a', {}, ['a']);
    expect(result).toEqual({ resolved: false, expression: 'int(1000000) + a' });
    expect(renderTemplate(`{{ ${result.resolved ? '' : result.expression} }}`, { a: 'x' })).toBe(
      '1000000x',
    );
  });
});
