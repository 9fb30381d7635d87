// Writes the inputs table of the GitLab CI/CD component into its README, between marker comments:
//   <!-- gitlab-docs:inputs --> … <!-- gitlab-docs:end -->
// generated from the `spec: inputs:` header of gitlab/templates/shakedown.yml, so the README can
// never disagree with the component. `--check` changes nothing and exits 1 when the table is
// stale (CI runs it). Usage: node scripts/gitlab-docs.js [--check] [files…]
// (default: gitlab/README.md).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { cell, markdownTable, writeDocTables } from './lib/doc-tables.js';

const TEMPLATE = 'gitlab/templates/shakedown.yml';

const [header] = parseAllDocuments(readFileSync(TEMPLATE, 'utf8')).map((d) => d.toJS());
const inputs = header?.spec?.inputs;
if (!inputs || typeof inputs !== 'object') {
  console.error(`gitlab-docs: ${TEMPLATE} has no 'spec: inputs:' header.`);
  process.exit(1);
}

function code(value) {
  if (value === undefined || value === null) return '';
  return value === '' ? '`""`' : `\`${cell(value)}\``;
}

await writeDocTables({
  tool: 'gitlab-docs',
  tables: {
    inputs: markdownTable(
      ['Input', 'Description', 'Type', 'Default', 'Options'],
      Object.entries(inputs).map(([name, input]) => [
        `\`${name}\``,
        cell(input.description),
        input.type ?? 'string',
        code(input.default),
        (input.options ?? []).map(code).join(', '),
      ]),
    ),
  },
  defaults: ['gitlab/README.md'],
  stale: (files) => `the inputs table in ${files} differs from ${TEMPLATE}`,
});
