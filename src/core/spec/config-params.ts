// Checks of `spec.config` parameter definitions beyond their shape (which the schema checks):
// the default and enum values fit the type and constraints, the pattern compiles, and each
// constraint belongs to the parameter's type. Value coercion itself is config-values.ts, which
// the planner uses too, so a default means the same in both places.
import { coerce, resolveConfig } from './config-values.js';
import type { Diagnostic } from './diagnostics.js';
import { formatPath, type Segment } from './field-path.js';
import type { ParsedDocument } from './parse.js';
import type { ConfigValue, ParameterSchema } from './types.js';
import { positionOf } from './yaml-nodes.js';

const STRING_ONLY = ['pattern', 'minLength', 'maxLength'] as const;
const NUMBER_ONLY = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
] as const;

export function checkConfigParams(doc: ParsedDocument): Diagnostic[] {
  const spec = (doc.value as { spec?: { config?: unknown } }).spec;
  const config = spec?.config;
  if (!isObject(config)) return [];
  const out: Diagnostic[] = [];
  for (const [name, raw] of Object.entries(config)) {
    if (!isObject(raw)) continue;
    const at = (field: Segment, message: string, index?: number) => {
      const segments: Segment[] = [
        'spec',
        'config',
        name,
        field,
        ...(index === undefined ? [] : [index]),
      ];
      out.push({ ...positionOf(doc, segments), path: formatPath(segments), message });
    };
    checkParam(wellTyped(raw), at);
  }
  return out;
}

/** Only the fields that have their documented type (the schema reports the others). */
function wellTyped(raw: Record<string, unknown>): ParameterSchema {
  const param: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const ok =
      key === 'enum'
        ? Array.isArray(value)
        : key === 'default' || key === 'example'
          ? isScalar(value)
          : key === 'sensitive'
            ? typeof value === 'boolean'
            : STRING_FIELDS.has(key)
              ? typeof value === 'string'
              : isNum(value);
    if (ok) param[key] = value;
  }
  return param as ParameterSchema;
}

const STRING_FIELDS = new Set(['type', 'description', 'pattern', 'format']);

type Report = (field: Segment, message: string, index?: number) => void;

function checkParam(param: ParameterSchema, report: Report): void {
  const type = param.type ?? 'string';
  if (!['string', 'integer', 'number', 'boolean'].includes(type)) return; // the schema says so
  for (const field of STRING_ONLY) {
    if (param[field] !== undefined && type !== 'string') {
      report(field, `applies to string parameters only (this one is ${type})`);
    }
  }
  for (const field of NUMBER_ONLY) {
    if (param[field] !== undefined && type !== 'integer' && type !== 'number') {
      report(field, `applies to integer and number parameters only (this one is ${type})`);
    }
  }
  if (typeof param.pattern === 'string') {
    try {
      new RegExp(param.pattern, 'u');
    } catch (error) {
      const reason = (error as Error).message.replace(
        /^Invalid regular expression: \/.*\/\w*: /s,
        '',
      );
      report('pattern', `is not a valid regular expression: ${reason}`);
    }
  }
  if (isNum(param.minimum) && isNum(param.maximum) && param.minimum > param.maximum) {
    report('minimum', `is greater than maximum (${param.maximum})`);
  }
  if (isNum(param.minLength) && isNum(param.maxLength) && param.minLength > param.maxLength) {
    report('minLength', `is greater than maxLength (${param.maxLength})`);
  }
  if (Array.isArray(param.enum)) {
    param.enum.forEach((value, index) => {
      const coerced = isScalar(value) ? coerce(value, param) : undefined;
      if (typeof coerced === 'object') report('enum', coerced.error, index);
    });
  }
  if (isScalar(param.default) && !isTemplate(param.default)) {
    const problem = valueProblem(param, param.default);
    if (problem) report('default', problem);
  }
}

/**
 * Why `value` is not acceptable for `param` (type, enum, pattern, bounds), or undefined.
 * Values holding `{{ }}` are only known later and pass.
 */
export function valueProblem(param: ParameterSchema, value: ConfigValue): string | undefined {
  if (isTemplate(value)) return undefined;
  const { problems } = resolveConfig({ value: { ...param, default: value } }, {}, () => ({
    error: '',
  }));
  const problem = problems.find((p) => p.path.endsWith('.default'));
  if (!problem) return undefined;
  // resolveConfig words it for a default ("default 'x': …"); the caller says what the value is.
  const prefix = `default ${typeof value === 'string' ? `'${value}'` : String(value)}: `;
  return problem.message.startsWith(prefix)
    ? problem.message.slice(prefix.length)
    : problem.message;
}

/** A parameter's value as its type (`'3'` → 3 for an integer); templates stay text. */
export function typedValue(param: ParameterSchema, value: ConfigValue): ConfigValue {
  if (isTemplate(value)) return value;
  const coerced = coerce(value, param);
  return typeof coerced === 'object' ? value : coerced;
}

function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function isScalar(value: unknown): value is ConfigValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isNum(value: unknown): value is number {
  return typeof value === 'number';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
