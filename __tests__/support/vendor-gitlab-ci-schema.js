// Vendors GitLab's CI YAML JSON schema (app/assets/javascripts/editor/schema/ci.json in the
// gitlab-org/gitlab repository) from the copy that the gitlab-ci-local npm package validates
// with. gitlab-ci-local fetches that file from GitLab's master branch when it is built and
// inlines it into its bundle as an object literal, so it is read back here with a JavaScript
// parser and written out as JSON, unchanged (gitlab-ci-local's own relaxations are applied at
// run time by its code, not in the literal).
// Usage: node __tests__/support/vendor-gitlab-ci-schema.js  (after `npm ci`)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parseExpressionAt } from 'acorn';

const require = createRequire(import.meta.url);
const bundlePath = require.resolve('gitlab-ci-local/dist/index.js');
const { version } = JSON.parse(
  readFileSync(bundlePath.replace(/dist\/index\.js$/, 'package.json'), 'utf8'),
);
const bundle = readFileSync(bundlePath, 'utf8');
const id = bundle.indexOf('$id:"https://gitlab.com/.gitlab-ci.yml"');
const start = bundle.lastIndexOf('{$schema:', id);
if (id < 0 || start < 0) {
  throw new Error(`No inlined CI schema in ${bundlePath}: has gitlab-ci-local changed its bundle?`);
}
const node = parseExpressionAt(bundle, start, { ecmaVersion: 'latest', sourceType: 'module' });
// The slice is a plain object literal (strings, numbers, arrays, objects): evaluated in an
// empty context, it can reach nothing.
const schema = vm.runInNewContext(`(${bundle.slice(node.start, node.end)})`, {});
const out = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/gitlab-ci.schema.json');
writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`wrote ${out} from gitlab-ci-local ${version}`);
