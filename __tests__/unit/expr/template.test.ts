import { describe, expect, it } from '@jest/globals';
import {
  checkTemplate,
  hasTemplate,
  parseTemplate,
  renderTemplate,
} from '../../../src/core/expr/index.js';
import { failureOf } from './failure.js';

const vars = {
  config: { version: '1.42', n: 3, list: ['x', 'y'], obj: { a: 1 }, nothing: null, on: true },
  services: { db: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] },
};

describe('renderTemplate', () => {
  it.each([
    ['mcr.microsoft.com/playwright:v{{ config.version }}', 'mcr.microsoft.com/playwright:v1.42'],
    ['{{config.n * 2}}/{{ config.n / 2 }}', '6/1.5'],
    ['{{ config.on }} {{ !config.on }}', 'true false'],
    // A null of the data is Go's nil, which Testkube prints as 'null'; None (a missing key) as ''.
    ['[{{ config.nothing }}]', '[null]'],
    ['[{{ config.obj.missing }}]', '[]'],
    // Lists render as Testkube's string() does: items joined with ','.
    ['--hosts={{ services.db.*.ip }}', '--hosts=10.0.0.1,10.0.0.2'],
    ['{{ config.obj }}', '{"a":1}'],
    ['{{ list(config.list, config.obj) }}', 'x,y,{"a":1}'],
    ['{{ tojson(config.list) }}', '["x","y"]'],
    ['{{ "}}" }} and {{ \'{{\' }}', '}} and {{'],
    ['{{ {"a": {"b": 5}}.a.b }}', '5'],
    ['{{"{{"}} config.n }}', '{{ config.n }}'],
    ['a {{ }} b', 'a  b'],
    ['no expressions { } }}', 'no expressions { } }}'],
    ['', ''],
    ['{{ 1 }}{{ 2 }}', '12'],
    ['multi\n{{ config.n\n  + 1 }}\nline', 'multi\n4\nline'],
  ])('%j', (template, expected) => {
    expect(renderTemplate(template, vars)).toBe(expected);
  });

  it('reports evaluation errors with offsets inside the whole template', () => {
    const template = 'abc {{ config.n }} {{ 1 / 0 }}';
    expect(failureOf(() => renderTemplate(template, vars))).toEqual({
      message: 'division by zero',
      offset: 24,
    });
  });
});

describe('parseTemplate', () => {
  it('splits text and expressions with their offsets', () => {
    const parts = parseTemplate('a{{ x }}b{{}}').map((p) =>
      p.kind === 'text'
        ? `text:${p.text}@${p.start}`
        : `expr:${p.node?.kind ?? 'empty'}@${p.start}-${p.end}`,
    );
    expect(parts).toEqual(['text:a@0', 'expr:identifier@1-8', 'text:b@8', 'expr:empty@9-13']);
  });
});

describe('checkTemplate and hasTemplate', () => {
  it('accepts valid templates and plain text', () => {
    expect(checkTemplate('x {{ len(config.list) }} {{ "}}" }}')).toBeUndefined();
    expect(checkTemplate('plain } text {')).toBeUndefined();
  });

  it.each([
    ['image: {{ config.version', "unclosed '{{' (expected '}}')", 7],
    ['a {{ 1 + }} b', 'unexpected end of expression, expected a value', 9],
    ['a {{ x }} {{ lenn(x) }}', "unknown function 'lenn'", 13],
    ['{{ "}} }}', 'unterminated string (missing closing ")', 3],
    ['{{ a } }}', "unexpected character '}'", 5],
  ])('%j: %s', (template, message, offset) => {
    const error = checkTemplate(template);
    expect({ message: error?.message, offset: error?.offset }).toEqual({ message, offset });
    expect(error?.expression).toBe(template);
  });

  it('detects templates', () => {
    expect(hasTemplate('a {{ b }}')).toBe(true);
    expect(hasTemplate('a { b }')).toBe(false);
  });
});
