// The component template as GitLab reads it: a `spec:` header document, `---`, then the jobs,
// with `$[[ inputs.NAME ]]` replaced in string values and keys (GitLab interpolates the parsed
// YAML, not its text, so an empty input stays an empty string).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export const TEMPLATE_PATH = 'gitlab/templates/shakedown.yml';

export interface TemplateInput {
  type?: string;
  description?: string;
  default?: unknown;
  options?: unknown[];
  regex?: string;
}

export interface ComponentTemplate {
  header: { spec: { inputs: Record<string, TemplateInput> } };
  body: Record<string, unknown>;
}

export function readTemplate(path = TEMPLATE_PATH): ComponentTemplate {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  if (docs.length !== 2)
    throw new Error(`${path}: expected a spec header and a body, got ${docs.length} documents`);
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
  }
  return {
    header: docs[0]!.toJS() as ComponentTemplate['header'],
    body: docs[1]!.toJS() as Record<string, unknown>,
  };
}

const reference = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g;

/** Every input the body refers to. */
export function referencedInputs(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const m of value.matchAll(reference)) into.add(m[1]!);
  else if (Array.isArray(value)) value.forEach((v) => referencedInputs(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      referencedInputs(k, into);
      referencedInputs(v, into);
    }
  }
  return into;
}

/** The body with inputs given (others at their defaults) interpolated. */
export function interpolate(
  template: ComponentTemplate,
  given: Record<string, string> = {},
): unknown {
  const inputs = template.header.spec.inputs;
  const valueOf = (name: string): string => {
    if (name in given) return given[name]!;
    if (!(name in inputs)) throw new Error(`unknown input '${name}'`);
    return String(inputs[name]!.default ?? '');
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(reference, (_, name: string) => valueOf(name));
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [walk(k) as string, walk(v)]),
      );
    }
    return value;
  };
  return walk(template.body);
}
