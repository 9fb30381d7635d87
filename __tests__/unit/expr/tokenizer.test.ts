import { describe, expect, it } from '@jest/globals';
import { tokenize } from '../../../src/core/expr/tokenizer.js';
import { failureOf } from './failure.js';

const brief = (source: string, from = 0, template = false): string[] =>
  tokenize(source, from, template).tokens.map((t) => `${t.type}:${t.text}@${t.start}-${t.end}`);

describe('tokenize', () => {
  it('gives every token its type, normalised text and offsets', () => {
    expect(brief('config.workers >= 2 && !passed')).toEqual([
      'name:config@0-6',
      'punct:.@6-7',
      'member:workers@7-14',
      'operator:>=@15-17',
      'number:2@18-19',
      'operator:&&@20-22',
      'operator:!@23-24',
      'name:passed@24-30',
    ]);
  });

  it('reads what follows a dot as a member, so indexes are not numbers', () => {
    expect(brief('db.0.1.*')).toEqual([
      'name:db@0-2',
      'punct:.@2-3',
      'member:0@3-4',
      'punct:.@4-5',
      'member:1@5-6',
      'punct:.@6-7',
      'member:*@7-8',
    ]);
    expect(brief('a . b')).toEqual(['name:a@0-1', 'punct:.@2-3', 'member:b@4-5']);
  });

  it('reads JSON numbers', () => {
    const values = tokenize('0 1.5 2e3 7.25E-2').tokens.map((t) => t.value);
    expect(values).toEqual([0, 1.5, 2000, 0.0725]);
  });

  it('decodes single- and double-quoted strings with JSON escapes and raw newlines', () => {
    const values = tokenize(`"a\\"b\\n\\u00e9" 'it\\'s' "x\ny" '\\\\'`).tokens.map((t) => t.value);
    expect(values).toEqual(['a"b\né', "it's", 'x\ny', '\\']);
  });

  it('normalises the operator aliases = and <>', () => {
    expect(brief('a = b <> c').filter((t) => t.startsWith('operator'))).toEqual([
      'operator:==@2-3',
      'operator:!=@6-8',
    ]);
  });

  it('prefers the longest operator and knows the spread token', () => {
    expect(tokenize('2**3 a... !=').tokens.map((t) => t.text)).toEqual([
      '2',
      '**',
      '3',
      'a',
      '...',
      '!=',
    ]);
  });

  it('stops a template expression at the first }} outside strings and object literals', () => {
    const source = '{{ "}}" + x }} tail';
    const result = tokenize(source, 2, true);
    expect(result.tokens.map((t) => t.text)).toEqual(['"}}"', '+', 'x']);
    expect(result.closed).toBe(true);
    expect(source.slice(result.end)).toBe('}} tail');
    const nested = tokenize('{{ {"a": {"b": 1}} }}', 2, true);
    expect(nested.tokens.map((t) => t.text).join('')).toBe('{"a": {"b": 1}}');
    expect(nested.end).toBe(19);
  });

  it('reports an unclosed template expression', () => {
    expect(tokenize('{{ a + b', 2, true).closed).toBe(false);
  });

  it.each([
    ['a & b', "unexpected character '&' (did you mean '&&'?)", 2],
    ['a | b', "unexpected character '|' (did you mean '||'?)", 2],
    ['x + "abc', 'unterminated string (missing closing ")', 4],
    ["'ab\\q'", "invalid escape '\\q' in string", 3],
    ['"\\u12"', "invalid unicode escape '\\u12\"' in string", 1],
    ['a.$b', "expected a property name after '.', found '$'", 2],
    ['a # b', "unexpected character '#'", 2],
  ])('reports %j: %s at %d', (source, message, offset) => {
    expect(failureOf(() => tokenize(source))).toEqual({ message, offset });
  });
});
