import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../../../src/core/expr/index.js';
import { failureOf } from './failure.js';

const vars = {
  config: {
    name: 'api',
    workers: '3',
    flag: false,
    list: ['a', 'b'],
    map: { 'k-1': 1, nested: { x: 2 } },
  },
  services: {
    db: [
      { ip: '10.0.0.1', ports: [5432] },
      { ip: '10.0.0.2', ports: [5433, 5434] },
    ],
    byName: { one: { ip: '1.1.1.1' }, two: { ip: '2.2.2.2' } },
  },
  env: { HOME: '/root' },
  passed: true,
  failed: false,
  nothing: null,
};

const failure = (expression: string) => failureOf(() => evaluate(expression, vars));

describe('evaluate: operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 * 3 ** 2', 18],
    ['2 ** 3 ** 2', 64],
    ['10 / 4', 2.5],
    ['6 / 3', 2],
    ['5 % 3', 2],
    ['-5 % 3', -2],
    ['5.5 % 2', 1.5],
    ['7 - 10', -3],
    ['-config.workers + 1', -31], // Testkube: 0 - ("3" + 1)
    ['"foo" + "bar"', 'foobar'],
    ['"foo" + 5', 'foo5'],
    ['1 + "1"', '11'],
    ['"x" + null', 'x'],
    ['"x" + true', 'xtrue'],
    ['"list: " + config.list', 'list: a,b'],
    ['"map: " + config.map.nested', 'map: {"x":2}'],
    ['null + 1', 1],
    ['config.workers * 2', 6],
    ['"3" * "4"', 12],
  ])('%s = %j', (expression, value) => {
    expect(evaluate(expression, vars)).toEqual(value);
  });

  it.each([
    ['3 == 5', false],
    ['3 != 5', true],
    ['3 = 3', true],
    ['3 <> 3', false],
    ['1 == "1"', true],
    ['1.0 == "1"', true],
    ['true == "true"', true],
    ['null == ""', true],
    ['null == 0', false],
    ['config.list == "a,b"', true],
    ['3 > 5', false],
    ['3 < 5', true],
    ['5 >= 5', true],
    ['5 <= 4', false],
    ['"10" > 9', true],
    ['config.workers >= 3', true],
    ['null < 1', true],
  ])('%s = %j', (expression, value) => {
    expect(evaluate(expression, vars)).toBe(value);
  });

  it.each([
    ['true && false', false],
    ['5 && 0 && 3', 0],
    ['5 && 3 && 2', 2],
    ['true || false', true],
    ['5 || 3 || 0', 5],
    ['0 || 5', 5],
    ['"" || "foo"', 'foo'],
    ['null || []', []],
    ['!0', true],
    ['!"false"', true],
    ['!"no"', false],
    ['!!config.list', true],
    ['true ? 5 : 3', 5],
    ['"off" ? 5 : 3', 3],
    ['config.flag ? "yes" : "no"', 'no'],
    // && and || share one level and associate left, as in Testkube.
    ['true || false && false', false],
  ])('%s = %j', (expression, value) => {
    expect(evaluate(expression, vars)).toEqual(value);
  });

  it('short-circuits && || and ?: so the other side is not evaluated', () => {
    expect(evaluate('false && missing.x', vars)).toBe(false);
    expect(evaluate('passed || missing', vars)).toBe(true);
    expect(evaluate('passed ? 1 : missing.x', vars)).toBe(1);
  });

  it('fails, as Testkube does when compiling, on a constant error in a branch not taken', () => {
    expect(failure('passed ? 1 : 1 / 0')).toEqual({ message: 'division by zero', offset: 15 });
  });

  it('folds away an unknown name the result does not need, as Testkube does', () => {
    expect(evaluate('bool(missing) && false', vars)).toBe(false);
    expect(evaluate('bool(missing) || true', vars)).toBe(true);
    expect(failure('bool(missing) && true')).toEqual({
      message: "unknown variable 'missing'",
      offset: 5,
    });
  });

  it.each([
    ['1 / 0', 'division by zero', 2],
    ['1 % (2 - 2)', 'modulo by zero', 2],
    ['"a" * 2', '"a" is not a number', 4],
    ['true + 1', 'true is not a number', 5],
    ['"b" > "a"', '"b" is not a number', 4],
    ['-"x"', '"x" is not a number', 0],
    ['10 ** 400', 'the result is not a finite number', 3],
    ['config.list + 1', '["a","b"] is not a number', 12],
    // Like Go's ParseFloat, which Testkube uses, surrounding spaces are not part of a number.
    ['" 2" - 1', '" 2" is not a number', 5],
  ])('%s fails: %s', (expression, message, offset) => {
    expect(failure(expression)).toEqual({ message, offset });
  });
});

describe('evaluate: variables and access', () => {
  it.each([
    ['config.name', 'api'],
    ['config.list.1', 'b'],
    ['at(config.list, "0")', 'a'],
    ['at(config.map, "k-1")', 1],
    ['config.map.nested.x', 2],
    ['config.map.nested.missing', null],
    ['at(config, "name")', 'api'],
    ['(config.map).nested.x', 2],
    ['services.db.0.ip', '10.0.0.1'],
    ['services.db.1.ports.1', 5434],
    ['at("abc", 1)', 'b'],
    ['[10, 20].1', 20],
    ['{"a": {"b": 3}}.a.b', 3],
    ['env.HOME', '/root'],
    // Testkube reads missing environment variables as empty.
    ['env.MISSING', null],
    ['nothing', null],
  ])('%s = %j', (expression, value) => {
    expect(evaluate(expression, vars)).toEqual(value);
  });

  it('maps a .* wildcard over list items (Testkube refuses objects)', () => {
    expect(evaluate('services.db.*.ip', vars)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(failure('services.byName.*.ip')).toEqual({
      message: "'.*' needs a list, not object",
      offset: 15,
    });
    expect(evaluate('services.db.*.ports.*', vars)).toEqual([[5432], [5433, 5434]]);
    expect(evaluate('services.db.*.ports.0', vars)).toEqual([5432, 5433]);
    expect(evaluate('services.db.*', vars)).toEqual(vars.services.db);
    // A missing key is None, which has no items; a null of the data is Go's nil, no list.
    expect(evaluate('config.map.missing.*', vars)).toEqual([]);
    expect(failure('nothing.*')).toEqual({ message: "'.*' needs a list, not null", offset: 7 });
    expect(evaluate('len(services.db.*.ip)', vars)).toBe(2);
    expect(evaluate('(services.db.*.ip).1', vars)).toBe('10.0.0.2');
  });

  it.each([
    ['missing + 1', "unknown variable 'missing'", 0],
    ['config.nmae', "unknown variable 'config.nmae'", 0],
    ['1 + services.dbb.0.ip', "unknown variable 'services.dbb'", 4],
    ['services.db.2.ip', 'index 2 is out of range (the list has 2 items)', 11],
    ['config.list.x', "a list index must be a number, not 'x'", 11],
    ['config.name.x.y', "a list index must be a number, not 'x'", 11],
    ['nothing.x', "cannot read 'x' of null", 7],
    ['passed.*', "'.*' needs a list, not boolean", 6],
    ['at("ab", 5)', 'at(): index 5 is out of range (the string has 2 characters)', 0],
    [
      'config.list[1]',
      "unexpected '[1]' after the end of the expression (Testkube has no `x[index]` access: write `x.1` or `at(x, index)`)",
      11,
    ],
  ])('%s fails: %s', (expression, message, offset) => {
    expect(failure(expression)).toEqual({ message, offset });
  });

  it('reads only own properties of objects', () => {
    expect(evaluate('config.map.constructor', vars)).toBeNull();
    expect(failure('config.toString')).toEqual({
      message: "unknown variable 'config.toString'",
      offset: 0,
    });
  });
});
