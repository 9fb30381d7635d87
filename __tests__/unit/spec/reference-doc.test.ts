// docs/workflow-reference.md describes the supported subset and the expression language; these
// checks keep it from falling behind the schema and the function table when either grows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import schema from '../../../schema/testworkflow.schema.json' with { type: 'json' };
import { FUNCTIONS } from '../../../src/core/expr/stdlib.js';
import { UNSUPPORTED } from '../../../src/core/expr/stdlib-unsupported.js';
import { INSTANCE_ROOTS } from '../../../src/core/plan/instances.js';
import { REPO } from './helpers.js';

const doc = readFileSync(join(REPO, 'docs/workflow-reference.md'), 'utf8');
/** Every name written in code spans (`files[].path` gives files and path). */
const mentioned = new Set(
  [...doc.matchAll(/`([^`\n]+)`/g)].flatMap((m) => m[1].match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []),
);

type Definition = { properties?: Record<string, { $ref?: string }> };
const fields = Object.entries(schema.definitions as Record<string, Definition>).flatMap(
  ([definition, def]) =>
    Object.entries(def.properties ?? {}).map(([field, p]) => ({
      definition,
      field,
      refused: p.$ref === '#/definitions/unsupported',
    })),
);

describe('docs/workflow-reference.md', () => {
  it('mentions every field of the schema, supported or refused', () => {
    expect(fields.length).toBeGreaterThan(150);
    expect(fields.filter((f) => !mentioned.has(f.field))).toEqual([]);
  });

  it('lists every refused field in the refused-fields section', () => {
    const section = doc.slice(
      doc.indexOf('## Refused Testkube fields'),
      doc.indexOf('## Expressions'),
    );
    const listed = new Set(section.match(/`([A-Za-z]+)`/g)?.map((s) => s.slice(1, -1)));
    expect(fields.filter((f) => f.refused && !listed.has(f.field))).toEqual([]);
  });

  it('describes every expression function, and the ones refused by name', () => {
    const names = [...Object.keys(FUNCTIONS), ...Object.keys(UNSUPPORTED)];
    expect(names.filter((name) => !mentioned.has(name))).toEqual([]);
  });

  it('describes the instance variables', () => {
    expect(INSTANCE_ROOTS.filter((name) => !mentioned.has(name))).toEqual([]);
  });
});
