// spec.config parameters get their values from `--config k=v` (always text) or from their
// default. Text is coerced to the parameter's type and checked against its constraints here,
// once, so that every expression later sees a typed value (`config.workers + 1` is 3, not "21").
// The loader checks defaults and template config values with the same rules (config-params.ts).
import type { ConfigValue, ParameterSchema } from './types.js';

export type ConfigValues = Record<string, string | number | boolean>;

export interface ConfigProblem {
  /** `spec.config.NAME`, `spec.config.NAME.default`, or `spec.config` for unknown names. */
  path: string;
  message: string;
}

export interface ResolvedConfig {
  values: ConfigValues;
  /** Names of `sensitive` parameters, sorted. */
  sensitive: string[];
  problems: ConfigProblem[];
}

/**
 * Resolves `defaults` that hold `{{ }}`: given the values known so far, returns the rendered
 * text, or a problem message. Injected so this file stays independent of the expression engine.
 */
export type DefaultRenderer = (template: string, known: ConfigValues) => string | { error: string };

export function resolveConfig(
  params: Record<string, ParameterSchema> | undefined,
  given: Record<string, string>,
  renderDefault: DefaultRenderer,
): ResolvedConfig {
  const schema = params ?? {};
  const names = Object.keys(schema);
  const problems: ConfigProblem[] = [];
  const values: ConfigValues = {};

  for (const key of Object.keys(given)) {
    if (!(key in schema)) {
      const known =
        names.length > 0
          ? `known parameters: ${names.join(', ')}`
          : 'this workflow has no config parameters';
      problems.push({
        path: 'spec.config',
        message: `--config ${key}=…: unknown parameter '${key}'; ${known}`,
      });
    }
  }

  // Defaults with templates may refer to other parameters, so they come after the plain ones.
  const deferred: string[] = [];
  for (const name of names) {
    const param = schema[name]!;
    const path = `spec.config.${name}`;
    if (name in given) {
      const value = coerce(given[name]!, param);
      const what = `--config ${name}=${given[name]}`;
      if (typeof value === 'object')
        problems.push({ path, message: masked(`${what}: ${value.error}`, param, given[name]!) });
      else check(value, param, what, path, problems, values, name);
    } else if (param.default === undefined) {
      problems.push({
        path,
        message: `required parameter '${name}' has no value: pass --config ${name}=<${param.type ?? 'string'}> (it has no default)`,
      });
    } else if (typeof param.default === 'string' && param.default.includes('{{')) {
      deferred.push(name);
    } else {
      acceptDefault(name, param, param.default, problems, values);
    }
  }
  for (const name of deferred) {
    const param = schema[name]!;
    const rendered = renderDefault(param.default as string, values);
    if (typeof rendered === 'object')
      problems.push({ path: `spec.config.${name}.default`, message: rendered.error });
    else acceptDefault(name, param, rendered, problems, values);
  }

  const sensitive = names.filter((name) => schema[name]!.sensitive === true).sort();
  return { values, sensitive, problems };
}

function acceptDefault(
  name: string,
  param: ParameterSchema,
  raw: ConfigValue,
  problems: ConfigProblem[],
  values: ConfigValues,
): void {
  const path = `spec.config.${name}.default`;
  const value = coerce(raw, param);
  if (typeof value === 'object')
    problems.push({ path, message: masked(`default ${quote(raw)}: ${value.error}`, param, raw) });
  else check(value, param, `default ${quote(raw)}`, path, problems, values, name);
}

function check(
  value: string | number | boolean,
  param: ParameterSchema,
  what: string,
  path: string,
  problems: ConfigProblem[],
  values: ConfigValues,
  name: string,
): void {
  const error = constraintError(value, param);
  if (error) problems.push({ path, message: masked(`${what}: ${error}`, param, value) });
  else values[name] = value;
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** Text (or a YAML scalar) as the parameter's type; booleans accept what Go's ParseBool does. */
export function coerce(
  raw: ConfigValue,
  param: ParameterSchema,
): string | number | boolean | { error: string } {
  const type = param.type ?? 'string';
  const text = String(raw);
  switch (type) {
    case 'string':
      return text;
    case 'integer':
      if (typeof raw === 'number' ? Number.isInteger(raw) : /^[+-]?\d+$/.test(text.trim()))
        return Number(text);
      return { error: `${quote(raw)} is not an integer (expected e.g. 3)` };
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(text.trim());
      if (typeof raw !== 'boolean' && text.trim() !== '' && Number.isFinite(n)) return n;
      return { error: `${quote(raw)} is not a number (expected e.g. 2.5)` };
    }
    case 'boolean':
      if (raw === true || TRUE.includes(text)) return true;
      if (raw === false || FALSE.includes(text)) return false;
      return { error: `${quote(raw)} is not a boolean (expected true or false)` };
  }
}

function constraintError(
  value: string | number | boolean,
  param: ParameterSchema,
): string | undefined {
  if (param.enum && !param.enum.map(String).includes(String(value))) {
    return `${quote(value)} is not one of the allowed values: ${param.enum.map(String).join(', ')}`;
  }
  if (typeof value === 'string') return stringError(value, param);
  if (typeof value === 'number') return numberError(value, param);
  return undefined;
}

function stringError(value: string, param: ParameterSchema): string | undefined {
  if (param.minLength !== undefined && value.length < param.minLength) {
    return `${quote(value)} is shorter than the minimum length ${param.minLength}`;
  }
  if (param.maxLength !== undefined && value.length > param.maxLength) {
    return `${quote(value)} is longer than the maximum length ${param.maxLength}`;
  }
  if (param.pattern !== undefined) {
    let pattern: RegExp;
    try {
      // The whole value must match, as the parameter's documentation says, not a substring.
      pattern = new RegExp(`^(?:${param.pattern})$`, 'u');
    } catch {
      return `the parameter's pattern ${param.pattern} is not a valid regular expression`;
    }
    if (!pattern.test(value)) return `${quote(value)} does not match the pattern ${param.pattern}`;
  }
  return undefined;
}

function numberError(value: number, param: ParameterSchema): string | undefined {
  if (param.minimum !== undefined && value < param.minimum)
    return `${value} is less than the minimum ${param.minimum}`;
  if (param.maximum !== undefined && value > param.maximum)
    return `${value} is greater than the maximum ${param.maximum}`;
  if (param.exclusiveMinimum !== undefined && value <= param.exclusiveMinimum) {
    return `${value} must be greater than ${param.exclusiveMinimum}`;
  }
  if (param.exclusiveMaximum !== undefined && value >= param.exclusiveMaximum) {
    return `${value} must be less than ${param.exclusiveMaximum}`;
  }
  if (param.multipleOf !== undefined && param.multipleOf !== 0 && value % param.multipleOf !== 0) {
    return `${value} is not a multiple of ${param.multipleOf}`;
  }
  return undefined;
}

/** A sensitive value never appears in a message, not even a wrong one. */
function masked(message: string, param: ParameterSchema, value: ConfigValue): string {
  const text = String(value);
  return param.sensitive && text !== '' ? message.split(text).join('***') : message;
}

function quote(value: ConfigValue): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
