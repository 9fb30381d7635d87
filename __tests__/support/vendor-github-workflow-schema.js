// Vendors SchemaStore's GitHub workflow schema (src/schemas/json/github-workflow.json in the
// SchemaStore repository, $id https://json.schemastore.org/github-workflow.json) from the copy
// that the check-jsonschema package on PyPI ships for its check-github-workflows hook, with
// SchemaStore's licence beside it. No npm package ships the JSON (@schemastore/github-workflow
// holds TypeScript types only), and the tests must not reach the network, so the copy is kept.
// Usage: node __tests__/support/vendor-github-workflow-schema.js [check-jsonschema version]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const version = process.argv[2] ?? '0.39.0';
const vendor = 'check_jsonschema/builtin_schemas/vendor';
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'vendor-gh-schema-'));
try {
  execFileSync('pip', ['download', '--no-deps', '-q', '-d', work, `check-jsonschema==${version}`], {
    stdio: 'inherit',
  });
  const wheel = join(
    work,
    readdirSync(work).find((f) => f.endsWith('.whl')),
  );
  const member = (path) => execFileSync('unzip', ['-p', wheel, `${vendor}/${path}`]);
  const schema = JSON.parse(member('github-workflows.json').toString('utf8'));
  if (schema.$id !== 'https://json.schemastore.org/github-workflow.json') {
    throw new Error(
      `${wheel}: github-workflows.json is not SchemaStore's (its $id is ${schema.$id})`,
    );
  }
  writeFileSync(
    join(fixtures, 'github-workflow.schema.json'),
    `${JSON.stringify(schema, null, 2)}\n`,
  );
  writeFileSync(
    join(fixtures, 'github-workflow.schema.LICENSE'),
    member('licenses/LICENSE.schemastore'),
  );
  console.log(`wrote ${fixtures}/github-workflow.schema.json from check-jsonschema ${version}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
