import { describe, expect, it } from '@jest/globals';
import {
  evaluate,
  ExpressionError,
  partialEvaluate,
  partialTemplate,
  partialTemplateResult,
  referencedRoots,
  renderTemplate,
} from '../../../src/core/expr/index.js';

const DEFERRED = ['services', 'env', 'passed', 'failed', 'always', 'never', 'status', 'self'];
const vars = {
  config: { a: 'x', flag: false, on: true, n: 3, list: ['a', 'b'], brace: 'x{{y', open: '{' },
  execution: { id: 'e1', number: 7 },
  matrix: { browser: 'chrome' },
};
const partial = (expression: string) => partialEvaluate(expression, vars, DEFERRED);

describe('partialEvaluate', () => {
  it('folds a fully known expression to its value', () => {
    expect(partial('config.n * 2 + execution.number')).toEqual({ resolved: true, value: 13 });
    expect(partial('"run-" + execution.id + "-" + matrix.browser')).toEqual({
      resolved: true,
      value: 'run-e1-chrome',
    });
    expect(partial('config.list')).toEqual({ resolved: true, value: ['a', 'b'] });
  });

  it.each([
    ['config.a + services.db.0.ip', '"x" + services.db.0.ip'],
    ['passed && config.on', 'passed'],
    ['config.on && passed', 'passed'],
    ['failed || config.flag', 'failed'],
    ['passed && !config.flag && env.CI', 'passed && env.CI'],
    ['passed ? config.a : config.n + 1', 'passed ? "x" : 4'],
    ['env.TARGET == config.a + "-" + execution.id', 'env.TARGET == "x-e1"'],
    ['at(services.db, config.n - 3).ip', 'at(services.db, 0).ip'],
    ['at(config.list, env.I)', 'at(["a","b"], env.I)'],
    ['len(services.db.*.ip) >= config.n', 'len(services.db.*.ip) >= 3'],
    ['join(list(config.a, env.B), config.a)', 'join(list("x", env.B), "x")'],
    ['string(date(), config.n)', 'string(date(), 3)'],
    ['map(config.list, "_.value + env.X")', 'map(["a","b"], "_.value + env.X")'],
    ['config.n > 1 && (passed || failed)', 'passed || failed'],
    ['-env.N * (config.n + 1)', '-(env.N * 4)'],
    ['self.status == "passed"', 'self.status == "passed"'],
    ['any(config.missing, env.X)', 'any(env.X)'],
  ])('%s → %s', (expression, simplified) => {
    expect(partial(expression)).toEqual({ resolved: false, expression: simplified });
  });

  it.each([
    // A known left side decides && and || on its own, as at run time.
    ['config.flag && services.db.0.ip', false],
    ['config.on || passed', true],
    ['config.n > 5 && env.X', false],
    // Boolean run-time values absorb a known boolean.
    ['passed && config.flag', false],
    ['failed || config.on', true],
    ['config.on ? "a" : env.X', 'a'],
    ['map(config.list, "_.value + \\"!\\"")', ['a!', 'b!']],
    // As in Testkube, any() takes the first argument known so far, a run-time one is skipped.
    ['any(env.X, config.missing, config.a, env.Y)', 'x'],
    ['any(config.missing, config.a, env.X)', 'x'],
  ])('%s → %j', (expression, value) => {
    expect(partial(expression)).toEqual({ resolved: true, value });
  });

  it('does not fold run-time values whose type is unknown', () => {
    // env.X could be "0", which differs from false once rendered.
    expect(partial('env.X && config.flag')).toEqual({
      resolved: false,
      expression: 'env.X && false',
    });
    expect(partial('passed && 0')).toEqual({ resolved: false, expression: 'passed && 0' });
  });

  it('gives the same value as full evaluation once the deferred values are known', () => {
    const runtime = { ...vars, passed: true, failed: false, env: { CI: 'yes', X: '5' } };
    for (const expression of [
      'passed && !config.flag && env.CI',
      'env.X * config.n',
      'failed ? 0 : config.list.1 + env.X',
      'config.on && (failed || env.X > 4)',
    ]) {
      const result = partial(expression);
      const later = result.resolved ? result.value : evaluate(result.expression, runtime);
      expect(later).toEqual(evaluate(expression, runtime));
    }
  });

  it('still reports errors in the part it folds', () => {
    expect(() => partial('env.X + config.missing')).toThrow("unknown variable 'config.missing'");
    expect(() => partial('passed && 1 / 0')).toThrow('division by zero');
    expect(() => partial('undeclared || passed')).toThrow(ExpressionError);
  });

  it('folds date() when a time is given', () => {
    const now = new Date('2024-01-02T03:04:05.000Z');
    expect(partialEvaluate('date()', {}, [], { now })).toEqual({
      resolved: true,
      value: now.toISOString(),
    });
  });
});

describe('partialTemplate', () => {
  it('inlines known parts and keeps the rest as simplified expressions', () => {
    expect(
      partialTemplate(
        'http://{{ services.db.0.ip }}:{{ 5000 + config.n }}/{{ config.a }}',
        vars,
        DEFERRED,
      ),
    ).toBe('http://{{ services.db.0.ip }}:5003/x');
    expect(partialTemplate('{{ config.a + env.HOME }}', vars, DEFERRED)).toBe(
      '{{ "x" + env.HOME }}',
    );
    expect(partialTemplate('v{{ config.n }}', vars, DEFERRED)).toBe('v3');
  });

  it('escapes inlined text that would open an expression', () => {
    const template = 'pre{{ config.open }}{{ env.A }} {{ config.brace }}{{ env.B }}';
    const result = partialTemplate(template, vars, DEFERRED);
    expect(result).toBe('pre{{"{"}}{{ env.A }} x{{"{{"}}y{{ env.B }}');
    expect(renderTemplate(result, { env: { A: 'a', B: 'b' } })).toBe('pre{a x{{yb');
    // Resolved results are templates too: rendering them gives the text back.
    const resolved = partialTemplate('{{ config.brace }}', vars, DEFERRED);
    expect(renderTemplate(resolved, {})).toBe('x{{y');
  });

  it('tells resolved text apart from a template that still needs the run', () => {
    expect(partialTemplateResult('{{ config.brace }}!', vars, DEFERRED)).toEqual({
      resolved: true,
      value: 'x{{y!',
    });
    expect(partialTemplateResult('{{ env.A }}', vars, DEFERRED)).toEqual({
      resolved: false,
      expression: '{{ env.A }}',
    });
  });
});

describe('referencedRoots', () => {
  it('lists root variables in order of appearance', () => {
    expect(
      referencedRoots('passed && config.a == at(services.db, matrix.i).ip || len(env.X)', false),
    ).toEqual(['passed', 'config', 'services', 'matrix', 'env']);
    expect(
      referencedRoots('a {{ config.x }} b {{ services.db.*.ip }} {{ config.y }}', true),
    ).toEqual(['config', 'services']);
    expect(referencedRoots('1 + 2', false)).toEqual([]);
  });
});
