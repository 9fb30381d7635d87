/**
 * Text forms as Testkube (Go) writes them, which is what `{{ }}` output, tojson() and toyaml()
 * must match: numbers as Go's %v prints a float64, JSON as encoding/json writes it (keys sorted,
 * `<`, `>`, `&` escaped) and YAML as yaml.v3 does (4-space indentation, keys sorted).
 */
import { stringify as stringifyYaml, type ScalarTag, type Tags } from 'yaml';

/**
 * Go's shortest %v of a float64: plain decimals for exponents -4 to 5, else `1e+06`,
 * `1.5e-05` (at least two exponent digits). JavaScript switches only at 1e21 and 1e-7.
 */
export function goNumber(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Sorts object keys (Go maps marshal in key order), deeply; Testkube's None, a struct without
 * fields, becomes `{}`.
 */
function sortKeys(value: unknown): unknown {
  if (typeof value === 'symbol' || value === undefined) return {};
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

const rawJson = (text: string): unknown => (JSON as unknown as RawJson).rawJSON(text);
type RawJson = { rawJSON(text: string): unknown };

// An int64 (bigint) is written with all its digits, as encoding/json writes Go's int64.
const goValue = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? rawJson(String(value)) : value;

/** JSON as Go's encoding/json writes it (numbers as JavaScript writes them agree with Go's). */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), goValue).replace(
    /[<>&\u2028\u2029]/g,
    (c) => GO_ESCAPES[c],
  );
}

// yaml.v3 writes numbers with strconv's shortest 'g' form, as %v does (`1e-06`).
const goNumberTags = (tags: Tags): Tags =>
  tags.map((tag) =>
    typeof tag === 'object' &&
    !('collection' in tag) &&
    /:(int|float)$/.test(tag.tag) &&
    !tag.format
      ? ({
          ...tag,
          stringify: ({ value }) =>
            typeof value === 'bigint' ? String(value) : goNumber(Number(value)),
        } satisfies ScalarTag)
      : tag,
  );

/** YAML as yaml.v3 writes it: mappings indented by 4, sequences inside them too, keys sorted. */
export function goYaml(value: unknown): string {
  const text = stringifyYaml(sortKeys(value), {
    indent: 4,
    indentSeq: true,
    lineWidth: 0,
    customTags: goNumberTags,
  });
  // yaml.v3 indents a block scalar by 4 at the top level too (`|-\n    x\n    y\n`).
  if (typeof value !== 'string' || !/^[|>]/.test(text)) return text;
  const [header, ...lines] = text.split('\n');
  return [header, ...lines.map((line) => (line === '' ? line : `    ${line}`))].join('\n');
}
