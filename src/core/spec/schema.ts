// Validates a document against schema/testworkflow.schema.json (the single description of the
// supported subset, shared with editors) and turns ajv's errors into positioned diagnostics
// whose messages tell a Testkube field Shakedown refuses apart from a typo.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schema/testworkflow.schema.json' with { type: 'json' };
import type { Diagnostic } from './diagnostics.js';
import { formatPath, pointerToSegments, type Segment } from './field-path.js';
import type { ParsedDocument } from './parse.js';
import { closest } from './suggest.js';
import { positionOf } from './yaml-nodes.js';

const UNSUPPORTED_REF = '#/definitions/unsupported';

/** Where to go instead, for refused fields people commonly use. */
const HINTS: Record<string, string> = {
  token: 'keep the token in a Secret and use tokenFrom',
  sshKey: 'use an https uri with tokenFrom',
  sshKeyFrom: 'use an https uri with tokenFrom',
  timeouts:
    "Testkube's scheduler gives up on a queued execution after it; Shakedown has no queue: use job.activeDeadlineSeconds and step timeout",
  concurrency:
    "needs Testkube's control plane (its scheduler queues executions); use your CI's own (GitHub `concurrency:`, GitLab `resource_group`)",
  target:
    "needs Testkube's control plane (it picks the runner agent); Shakedown runs in the cluster of its kubeconfig",
  silent:
    "needs Testkube's control plane (it keeps the execution out of webhooks, insights and metrics, which Shakedown does not have)",
  namespace: 'Shakedown chooses the namespace of each run; use --namespace to pick an existing one',
  pvcs: 'use pod.volumes',
  maxCount: 'a service takes count (maxCount is for parallel shards)',
  tarball: 'use content.files or content.git',
};

/** Hints for the fields of `execute`, where the same names mean something else. */
const EXECUTE_HINTS: Record<string, string> = {
  tests: "legacy Testkube Tests live in Testkube's control plane; execute TestWorkflows instead",
  tarball:
    "it serves the parent's files to the child through Testkube's toolkit; give the child content.files or content.git",
  target: "it picks a Testkube runner agent; child runs go into the parent run's namespace",
  matchExpressions: 'Testkube selects workflows by matchLabels only',
};

/** Testkube values of a field that Shakedown refuses, by `field=value`, with the reason. */
const REFUSED_VALUES: Record<string, string> = {
  'authType=github':
    "needs Testkube's control plane (it holds the GitHub App credentials); use basic or header with tokenFrom",
};

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
    // Read by yaml-language-server to show our messages in editors; no meaning for ajv.
    ajv.addVocabulary(['errorMessage']);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export function validateSchema(doc: ParsedDocument): Diagnostic[] {
  const validate = validator();
  if (validate(doc.value)) return [];
  return (validate.errors ?? []).flatMap((error) => toDiagnostic(doc, error) ?? []);
}

function toDiagnostic(doc: ParsedDocument, error: ErrorObject): Diagnostic | undefined {
  const at = pointerToSegments(error.instancePath, doc.value);
  const problem = describe(error, at);
  if (!problem) return undefined;
  const position = positionOf(doc, problem.segments, problem.atKey);
  return { ...position, path: formatPath(problem.segments), message: problem.message };
}

interface Problem {
  segments: Segment[];
  message: string;
  /** Point at the field's key rather than its value (unknown and refused fields). */
  atKey: boolean;
}

function describe(error: ErrorObject, at: Segment[]): Problem | undefined {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
  const last = at[at.length - 1];
  // Errors raised while checking a mapping key (propertyNames) concern the key itself.
  if (typeof error.propertyName === 'string' && error.keyword !== 'propertyNames') {
    const segments = [...at, error.propertyName];
    return {
      segments,
      atKey: true,
      message: `invalid name '${error.propertyName}': ${custom ?? error.message}`,
    };
  }
  switch (error.keyword) {
    case 'propertyNames':
    case 'if':
      return undefined; // restated by the error that caused it
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const hint = closest(field, supportedFields(parent));
      const suffix = hint ? ` (did you mean '${hint}'?)` : '';
      return {
        segments: [...at, field],
        atKey: true,
        message: `unknown field '${field}'${suffix}`,
      };
    }
    case 'not':
      if (error.schemaPath.startsWith(UNSUPPORTED_REF)) {
        const field = String(last);
        const hint = (at.includes('execute') ? EXECUTE_HINTS[field] : undefined) ?? HINTS[field];
        const message = `'${field}' is not supported by Shakedown (Testkube field)${hint ? `; ${hint}` : ''}`;
        return { segments: at, atKey: true, message };
      }
      return { segments: at, atKey: true, message: custom ?? 'is not allowed here' };
    case 'required':
      return {
        segments: [...at, String(params.missingProperty)],
        atKey: false,
        message: 'is required',
      };
    case 'type':
      return { segments: at, atKey: false, message: typeMessage(params.type, error.data) };
    case 'enum': {
      const refused = REFUSED_VALUES[`${String(last)}=${String(error.data)}`];
      if (refused) {
        const message = `'${String(error.data)}' is not supported by Shakedown (Testkube value); ${refused}`;
        return { segments: at, atKey: false, message };
      }
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof error.data === 'string' ? closest(error.data, allowed) : undefined;
      const suffix = hint ? ` (did you mean '${hint}'?)` : '';
      return {
        segments: at,
        atKey: false,
        message: `must be one of: ${allowed.join(', ')}${suffix}`,
      };
    }
    case 'const':
      return { segments: at, atKey: false, message: `must be '${String(params.allowedValue)}'` };
    case 'pattern':
      return {
        segments: at,
        atKey: false,
        message: custom ?? `must match the pattern ${String(params.pattern)}`,
      };
    default:
      return { segments: at, atKey: false, message: boundMessage(error) };
  }
}

/** Supported fields of the object schema that reported an unknown field (refused ones excluded). */
function supportedFields(objectSchema: Record<string, unknown>): string[] {
  const properties = (objectSchema.properties ?? {}) as Record<string, { $ref?: string }>;
  return Object.keys(properties).filter((name) => properties[name].$ref !== UNSUPPORTED_REF);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
};

function typeMessage(expected: unknown, data: unknown): string {
  const names = String(expected)
    .split(',')
    .map((t) => TYPE_NAMES[t] ?? t);
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
  return `must be ${list}${data === null ? ' (the value is empty)' : ''}`;
}

function boundMessage(error: ErrorObject): string {
  const limit = (error.params as { limit?: number }).limit;
  switch (error.keyword) {
    case 'minimum':
      return `must be ${limit} or more`;
    case 'maximum':
      return `must be ${limit} or less`;
    case 'exclusiveMinimum':
      return `must be more than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minItems':
      return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
    default:
      return error.message ?? `fails the '${error.keyword}' rule`;
  }
}
