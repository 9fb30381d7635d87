import { describe, expect, it } from '@jest/globals';
import { checkExpression, evaluate } from '../../../src/core/expr/index.js';
import { failureOf } from './failure.js';

const vars = {
  items: ['a', 'b', 'c'],
  nums: [3, 1, 2],
  obj: { x: 1, y: 'two' },
  words: ['it is', "don't", '$HOME', ''],
  n: 7,
};

const failure = (expression: string): string => failureOf(() => evaluate(expression, vars)).message;

describe('functions', () => {
  it.each([
    ['string(1, "a", true, null, [1, 2])', '1atrue1,2'],
    ['string()', ''],
    ['list(1, "a", null)', [1, 'a', null]],
    ['int("42.9")', 42],
    ['int(-2.7)', -2],
    ['int(null)', 0],
    ['float("1.5e2")', 150],
    ['bool("false")', false],
    ['bool("off")', false],
    ['bool("0")', false],
    ['bool("")', false],
    ['bool("0.0")', true],
    ['bool("no")', true],
    ['bool(0)', false],
    ['bool([])', false],
    ['bool({})', false],
    ['bool({"a": 1})', true],
    ['bool(null)', false],
    ['join(items)', 'a,b,c'],
    ['join(items, " | ")', 'a | b | c'],
    // null inside a JSON literal is Go's nil ('null'); list(null) holds None ('').
    ['join([1, true, null])', '1,true,null'],
    ['join(list(1, null))', '1,'],
    ['join(null)', null],
    ['split("a,b,,c")', ['a', 'b', '', 'c']],
    ['split("a b", " ")', ['a', 'b']],
    ['split("héj", "")', ['h', 'é', 'j']],
    ['split("", ",")', ['']],
    ['trim("  x y \\n")', 'x y'],
    ['len("héllo")', 6], // UTF-8 bytes, as Go counts
    ['len(items)', 3],
    ['len(obj)', 2],
    ['len([])', 0],
    ['tojson(obj)', '{"x":1,"y":"two"}'],
    ['tojson("a\\"b")', '"a\\"b"'],
    // The null literal is None, which encoding/json writes as `{}`; a null of the data is nil.
    ['tojson(null)', '{}'],
    ['tojson(json("null"))', 'null'],
    ['json("{\\"a\\": [1, 2]}").a.1', 2],
    ['json("null")', null],
    ['toyaml(obj)', 'x: 1\ny: two\n'],
    ['yaml("a: [1, 2]\\nb: x")', { a: [1, 2], b: 'x' }],
    [
      'shellquote("a", "b c", "it\'s", "$HOME", "", "~x", "a~")',
      "a 'b c' it\\'s \\$HOME '' \\~x a~",
    ],
    ['shellquote(words...)', "'it is' don\\'t \\$HOME ''"],
    ['shellquote("it\'s a")', "'it'\\''s a'"],
    ['shellparse("a  \'b c\' \\"d \\\\\\"e\\\\\\"\\" f\\\\ g")', ['a', 'b c', 'd "e"', 'f g']],
    ['shellparse("one \'\' two")', ['one', '', 'two']],
    ['shellparse("foo\\"bar\\"baz")', ['foobarbaz']],
    ['shellparse(shellquote(words...))', vars.words],
    ['floor(2.7)', 2],
    ['floor(-2.2)', -3],
    ['ceil(2.1)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round("1.4")', 1],
    ['abs(-3)', 3],
    ['min(nums...)', 1],
    ['max(3, "10", 2)', 10],
    ['range(4)', [0, 1, 2, 3]],
    ['range(2, 5)', [2, 3, 4]],
    ['range(5, 2)', []],
    ['chunk(range(5), 2)', [[0, 1], [2, 3], [4]]],
    ['chunk([], 3)', []],
    ['at(items, 2)', 'c'],
    ['at(obj, "y")', 'two'],
    ['at(obj, "zz")', null],
    [
      'entries(obj)',
      [
        { key: 'x', value: 1 },
        { key: 'y', value: 'two' },
      ],
    ],
    ['map(nums, "_.value * 10")', [30, 10, 20]],
    ['map(items, "_.index + \\":\\" + _.value")', ['0:a', '1:b', '2:c']],
    ['map(nums, "_.value + n")', [10, 8, 9]],
    ['filter(nums, "_.value > 1")', [3, 2]],
    ['filter(null, "true")', []],
    ['eval("1 + n")', 8],
    ['len(range(n))', 7],
  ])('%s = %j', (expression, value) => {
    expect(evaluate(expression, vars)).toEqual(value);
  });

  it('returns the current time for date() only when given one', () => {
    const now = new Date('2024-05-01T09:08:07.450Z');
    const at = (expression: string): unknown => evaluate(expression, {}, { now });
    expect(at('date()')).toBe('2024-05-01T09:08:07.450Z');
    expect(at('date("2006-01-02")')).toBe('2024-05-01');
    expect(at('date("Mon, 02 Jan 2006 15:04:05 MST")')).toBe('Wed, 01 May 2024 09:08:07 UTC');
    expect(at('date("January _2 3:4:5 PM .000 .999999 Z07:00 -0700 06 002")')).toBe(
      'May  1 9:8:7 AM .450 .45 Z +0000 24 122',
    );
    expect(failure('date()')).toBe('date() is only known at run time');
  });

  it('any() gives the first argument that has a value, skipping unknown names', () => {
    expect(evaluate('any(10, 20)', vars)).toBe(10);
    // As in Testkube, a constant wins over variables: it is known when the expression compiles.
    expect(evaluate('any(missing, n, 30)', vars)).toBe(30);
    expect(evaluate('any(missing, n)', vars)).toBe(7);
    expect(evaluate('any({"a": 1}.b, "default")', vars)).toBeNull();
    expect(evaluate('any(unknownCall(missing), "x")', vars)).toBe('x');
    expect(evaluate('any([]..., nums...)', vars)).toBe(3);
    expect(evaluate('any([]..., nums..., 10)', vars)).toBe(10);
    expect(failure('any(missing)')).toBe("unknown variable 'missing'");
    expect(evaluate('any()', vars)).toBeNull();
    expect(failure('any(1 / 0, 2)')).toBe('division by zero');
    expect(checkExpression('any(lenn(x), 1)')).toBeUndefined();
    expect(checkExpression('any(len(), 1)')?.message).toBe('len() expects 1 argument, got 0');
  });

  it.each([
    ['join("a,b")', 'join() expects a list as 1st argument, got "a,b"'],
    ['trim(5)', 'trim() expects a string, got 5'],
    ['len(5)', 'len() expects a string, a list or an object, got 5'],
    ['len(null)', 'len() expects a string, a list or an object, got null'],
    ['int("x")', 'int() expects a number, got "x"'],
    ['json(5)', 'json() expects a string, got 5'],
    ['json("{")', 'json() cannot parse "{": '],
    ['yaml("a: [")', 'yaml() cannot parse "a: [": '],
    ['shellparse("\'open")', 'shellparse(): unterminated single-quoted string'],
    ['shellparse("\\"open")', 'shellparse(): unterminated double-quoted string'],
    ['shellparse("end\\\\")', 'shellparse(): unterminated backslash escape'],
    ['chunk(items, 0)', 'chunk() expects a size of at least 1, got 0'],
    ['at(items, 3)', 'at(): index 3 is out of range (the list has 3 items)'],
    ['entries(items)', 'entries() expects an object, got ["a","b","c"]'],
    ['range("a")', 'range() expects a number, got "a"'],
    [
      'map(items, "_.value +")',
      'map(): in "_.value +": unexpected end of expression, expected a value',
    ],
    ['map(items, "nope")', `map(): in "nope": unknown variable 'nope'`],
    ['string(obj...)', "string(): '...' needs a list, not object"],
    ['len(items, 1)', 'len() expects 1 argument, got 2'],
    ['join(items...)', 'join() expects 1-2 arguments, got 3'],
    ['max()', 'max() expects at least 1 argument, got 0'],
    ['lenn(items)', "unknown function 'lenn'"],
    ['jq(obj, ".x")', "function 'jq' is not supported by Shakedown: jq queries are not supported"],
  ])('%s fails: %s', (expression, message) => {
    expect(failure(expression).startsWith(message)).toBe(true);
  });

  it('checks function names and fixed argument counts before any value is known', () => {
    expect(checkExpression('len(a) + join(b, ",")')).toBeUndefined();
    expect(checkExpression('x && lenn(a)')?.message).toBe("unknown function 'lenn'");
    expect(checkExpression('x && lenn(a)')?.offset).toBe(5);
    expect(checkExpression('string(1, len())')?.message).toBe('len() expects 1 argument, got 0');
    expect(checkExpression('range(1, 2, 3)')?.message).toBe('range() expects 1-2 arguments, got 3');
    // With a spread argument the count is only known at run time.
    expect(checkExpression('len(args...)')).toBeUndefined();
    expect(checkExpression('file("/etc/passwd")')?.message).toMatch(
      /^function 'file' is not supported/,
    );
  });
});

describe('path functions and functions refused by name', () => {
  it.each([
    ['makepath("/data", "a/../b")', '/data/b'],
    ['makepath("/data", "/etc/x")', '/etc/x'],
    ['makepath("", "rel")', 'rel'],
    ['relpath("/data/a/b", "/data")', 'a/b'],
    ['relpath("/data", "/data/a/b")', '../..'],
    ['relpath("x/y", "x")', 'y'],
    ['abspath("../c", "/data/a")', '/data/c'],
    ['abspath("/x/./y/", "rel")', '/x/y'],
  ])('%s = %j', (expression, expected) => {
    expect(evaluate(expression, vars)).toEqual(expected);
  });

  it.each([
    [
      'relpath("/data")',
      "relpath() with one argument is relative to the runner's working directory",
    ],
    ['abspath("a")', "abspath() with one argument is relative to the runner's working directory"],
    ['relpath("/a", "b")', "depends on the runner's working directory"],
    ['abspath("a", "b")', "depends on the runner's working directory"],
  ])('%s is refused with the reason', (expression, reason) => {
    expect(failure(expression)).toContain(reason);
  });

  // Testkube resolves relative paths against its process's working directory: the step's.
  it.each([
    ['relpath("/w/cypress/e2e/a/b.js", "cypress/e2e")', 'a/b.js'],
    ['relpath("cypress/e2e/a.js", "cypress")', 'e2e/a.js'],
    ['relpath("/w/x")', 'x'],
    ['relpath("/other", "sub")', '../../other'],
    ['relpath("/w")', '.'],
    ['abspath("a")', '/w/a'],
    ['abspath("../a", "b")', '/w/a'],
    ['abspath("/a/../b", "c")', '/b'],
  ])('%s with the working directory /w = %j', (expression, expected) => {
    expect(evaluate(expression, vars, { workingDir: '/w' })).toEqual(expected);
  });

  it.each([
    ['credential("token")', "needs Testkube's control plane"],
    ['glob("**/*.xml")', "lists files in the runner's container"],
    ['file("/data/x")', "reads a file in the runner's container"],
    ['secret("db", "password")', 'whole value of an env variable'],
  ])('%s is refused by name at validate time', (expression, reason) => {
    const error = checkExpression(expression);
    expect(error?.message).toContain(`'${expression.slice(0, expression.indexOf('('))}'`);
    expect(error?.message).toContain(reason);
  });
});
