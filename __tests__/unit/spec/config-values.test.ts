import {
  coerce,
  resolveConfig,
  type DefaultRenderer,
} from '../../../src/core/spec/config-values.js';
import type { ParameterSchema } from '../../../src/core/spec/types.js';

// Renders `{{ config.NAME }}` only: enough to test the ordering of templated defaults without
// the expression engine.
const render: DefaultRenderer = (template, known) => {
  const missing = [...template.matchAll(/\{\{\s*config\.(\w+)\s*\}\}/g)].find(
    (m) => !(m[1]! in known),
  );
  if (missing) return { error: `unknown config.${missing[1]}` };
  return template.replace(/\{\{\s*config\.(\w+)\s*\}\}/g, (_, name: string) => String(known[name]));
};

function resolve(params: Record<string, ParameterSchema>, given: Record<string, string> = {}) {
  return resolveConfig(params, given, render);
}

describe('resolveConfig', () => {
  it('uses defaults, overridden by --config values coerced to the parameter type', () => {
    const result = resolve(
      {
        workers: { type: 'integer', default: 2 },
        ratio: { type: 'number', default: 0.5 },
        verbose: { type: 'boolean', default: false },
        url: { default: 'http://api' },
      },
      { workers: '4', verbose: 'true' },
    );
    expect(result).toEqual({
      values: { workers: 4, ratio: 0.5, verbose: true, url: 'http://api' },
      sensitive: [],
      problems: [],
    });
  });

  it('requires a value when there is no default, naming the parameter', () => {
    expect(resolve({ token: { type: 'string' } }).problems).toEqual([
      {
        path: 'spec.config.token',
        message:
          "required parameter 'token' has no value: pass --config token=<string> (it has no default)",
      },
    ]);
  });

  it('refuses unknown --config keys, listing the known ones', () => {
    expect(resolve({ a: { default: '1' }, b: { default: '2' } }, { c: 'x' }).problems).toEqual([
      {
        path: 'spec.config',
        message: "--config c=…: unknown parameter 'c'; known parameters: a, b",
      },
    ]);
    expect(resolve({}, { c: 'x' }).problems[0]!.message).toBe(
      "--config c=…: unknown parameter 'c'; this workflow has no config parameters",
    );
  });

  it('reports values of the wrong type', () => {
    const result = resolve(
      {
        n: { type: 'integer', default: 1 },
        f: { type: 'number', default: 1 },
        b: { type: 'boolean', default: true },
      },
      { n: '1.5', f: 'abc', b: 'yes' },
    );
    expect(result.problems.map((p) => p.message)).toEqual([
      "--config n=1.5: '1.5' is not an integer (expected e.g. 3)",
      "--config f=abc: 'abc' is not a number (expected e.g. 2.5)",
      "--config b=yes: 'yes' is not a boolean (expected true or false)",
    ]);
    expect(result.values).toEqual({});
  });

  it('checks enum, pattern, lengths and bounds', () => {
    const params: Record<string, ParameterSchema> = {
      browser: { enum: ['chrome', 'firefox'], default: 'chrome' },
      version: { pattern: 'v\\d+', default: 'v1' },
      name: { minLength: 2, maxLength: 4, default: 'ab' },
      workers: { type: 'integer', minimum: 1, maximum: 8, default: 1 },
      step: { type: 'integer', multipleOf: 5, exclusiveMinimum: 0, default: 5 },
    };
    expect(resolve(params).problems).toEqual([]);
    const bad = resolve(params, {
      browser: 'safari',
      version: 'xv1',
      name: 'abcde',
      workers: '9',
      step: '0',
    });
    expect(bad.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "spec.config.browser: --config browser=safari: 'safari' is not one of the allowed values: chrome, firefox",
      "spec.config.version: --config version=xv1: 'xv1' does not match the pattern v\\d+",
      "spec.config.name: --config name=abcde: 'abcde' is longer than the maximum length 4",
      'spec.config.workers: --config workers=9: 9 is greater than the maximum 8',
      'spec.config.step: --config step=0: 0 must be greater than 0',
    ]);
  });

  it('checks defaults too, pointing at the default', () => {
    expect(resolve({ n: { type: 'integer', default: 'many' } }).problems).toEqual([
      {
        path: 'spec.config.n.default',
        message: "default 'many': 'many' is not an integer (expected e.g. 3)",
      },
    ]);
  });

  it('renders templated defaults after the plain values they refer to', () => {
    const result = resolve(
      {
        url: { default: '{{ config.host }}:{{ config.port }}' },
        host: { default: 'api' },
        port: { type: 'integer', default: 80 },
      },
      { port: '8080' },
    );
    expect(result.values.url).toBe('api:8080');
    expect(resolve({ url: { default: '{{ config.nope }}' } }).problems).toEqual([
      { path: 'spec.config.url.default', message: 'unknown config.nope' },
    ]);
  });

  it('lists sensitive parameters and never prints their values in messages', () => {
    const result = resolve(
      { token: { sensitive: true, minLength: 20 }, user: { default: 'me' } },
      { token: 's3cret' },
    );
    expect(result.sensitive).toEqual(['token']);
    expect(result.problems.map((p) => p.message)).toEqual([
      "--config token=***: '***' is shorter than the minimum length 20",
    ]);
  });
});

describe('coerce', () => {
  it('accepts the boolean spellings of Go ParseBool', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(coerce(t, { type: 'boolean' })).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(coerce(f, { type: 'boolean' })).toBe(false);
  });

  it('keeps YAML scalars of the right type', () => {
    expect(coerce(3, { type: 'integer' })).toBe(3);
    expect(coerce(2.5, { type: 'number' })).toBe(2.5);
    expect(coerce(7, { type: 'string' })).toBe('7');
    expect(coerce(2.5, { type: 'integer' })).toEqual({
      error: '2.5 is not an integer (expected e.g. 3)',
    });
  });
});
