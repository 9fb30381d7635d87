// Validates requests (and the fake's own answers) against GitHub's official OpenAPI description
// of the REST API, so the contract tests fail when our client sends something GitHub would
// refuse, and the fake cannot drift into answering things GitHub never would.
//
// The description is OpenAPI 3.0: schemas use `nullable` (Ajv understands it natively when
// `type` is present), `$ref`s point into `#/components/...` of the whole document, and there
// are keywords Ajv does not know (`example`, `discriminator`, `x-github`…), hence strict:false.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Json & { examples: Record<string, { value: unknown }> };
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Json;
  $ref?: string;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Json }> }>;
}

export interface Route {
  method: string;
  template: string;
  operationId: string;
  params: Record<string, string>;
}

const DOC_ID = 'https://api.github.com/openapi.json';
const methods = ['get', 'post', 'put', 'patch', 'delete'];

// RFC 3339 date-time, which GitHub requires for started_at/completed_at.
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

let loaded: OpenApiValidator | undefined;

/** The validator over `@octokit/openapi`'s api.github.com.json, loaded once per test file. */
export function openApiValidator(): OpenApiValidator {
  loaded ??= new OpenApiValidator(loadDocument());
  return loaded;
}

function loadDocument(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  // Only this one file: the package's index.js would load all ten descriptions (~150 MB).
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/**
 * The two adaptations OpenAPI 3.0 schemas need for Ajv: document-relative refs are rebased so a
 * sub-schema compiles on its own against the document, and `nullable` also admits null into an
 * `enum` (Ajv's nullable only widens `type`; GitHub's `conclusion` is a nullable enum).
 */
function adapt(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(adapt);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? DOC_ID + value
        : adapt(value);
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...out.enum, null];
  }
  return out;
}

interface CompiledRoute {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  operation: OpenApiOperation;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly routes: CompiledRoute[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    this.ajv.addFormat('date-time', dateTime);
    this.ajv.addFormat('uri', (value: string) => URL.canParse(value));
    this.ajv.addSchema({ components: adapt(document.components) }, DOC_ID);
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of methods) {
        const operation = item[method];
        if (!operation) continue;
        const names: string[] = [];
        const source = template
          .split('/')
          .map((segment) =>
            segment.replace(/\{([^}]+)\}|[^{}]+/g, (part, name?: string) => {
              if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
              names.push(name);
              return '([^/]+)';
            }),
          )
          .join('/');
        this.routes.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          names,
          literalSegments: template.split('/').filter((s) => s && !s.includes('{')).length,
          operation,
        });
      }
    }
    // A literal segment beats a parameter (issues/comments/{id} before issues/{n}/comments).
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The documented operation for a method and path, or undefined when GitHub has none. */
  match(method: string, path: string): Route | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      return { method, template: route.template, operationId: route.operation.operationId, params };
    }
    return undefined;
  }

  /** Problems with a request's query and JSON body; empty when GitHub's description accepts it. */
  checkRequest(route: Route, query: URLSearchParams, body: unknown): string[] {
    const operation = this.operation(route);
    const problems: string[] = [];
    for (const parameter of (operation.parameters ?? []).map((p) => this.parameter(p))) {
      if (parameter.in !== 'query') continue;
      const raw = query.get(parameter.name);
      if (raw === null) {
        if (parameter.required) problems.push(`query parameter '${parameter.name}' is required`);
        continue;
      }
      const value = parameter.schema?.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      problems.push(
        ...this.run(`${route.operationId}?${parameter.name}`, parameter.schema ?? {}, value).map(
          (p) => `query '${parameter.name}'${p}`,
        ),
      );
    }
    const content = operation.requestBody?.content['application/json'];
    if (!content) {
      if (body !== undefined) problems.push(`${route.operationId} takes no request body`);
      return problems;
    }
    if (body === undefined) {
      if (operation.requestBody?.required) problems.push('request body is required');
      return problems;
    }
    problems.push(
      ...this.run(`${route.operationId}:body`, content.schema, body).map((p) => `body${p}`),
    );
    return problems;
  }

  /** Problems with a response body the fake is about to send, against the documented one. */
  checkResponse(route: Route, status: number, body: unknown): string[] {
    const response = this.operation(route).responses[String(status)];
    if (!response) return [`${route.operationId} documents no ${status} response`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [];
    return this.run(`${route.operationId}:${status}`, schema, body).map((p) => `response${p}`);
  }

  /** A documented example value (e.g. `check-run`), deep-copied so callers may change it. */
  example<T>(name: string): T {
    const example = this.document.components.examples[name];
    if (!example) throw new Error(`No example '${name}' in the OpenAPI description`);
    return structuredClone(example.value) as T;
  }

  private operation(route: Route): OpenApiOperation {
    const operation = this.document.paths[route.template]?.[route.method.toLowerCase()];
    if (!operation) throw new Error(`No operation ${route.method} ${route.template}`);
    return operation;
  }

  private parameter(parameter: OpenApiParameter): OpenApiParameter {
    if (!parameter.$ref) return parameter;
    const name = parameter.$ref.replace('#/components/parameters/', '');
    return (this.document.components.parameters as Record<string, OpenApiParameter>)[name]!;
  }

  private run(key: string, schema: Json, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(adapt(schema) as Json);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? 'is invalid'}`);
  }
}
