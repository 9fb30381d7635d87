// Writes the inputs and outputs tables of action.yml into the docs, between marker comments:
//   <!-- action-docs:inputs --> … <!-- action-docs:end -->
//   <!-- action-docs:outputs --> … <!-- action-docs:end -->
// so the README can never disagree with the action. `--check` changes nothing and exits 1 when
// a table is stale (CI runs it). Usage: node scripts/action-docs.js [--check] [files…]
// (default: README.md and docs/github.md, whichever exist).
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { cell, markdownTable, writeDocTables } from './lib/doc-tables.js';

const action = parse(readFileSync('action.yml', 'utf8'));

function code(text) {
  return text === '' || text === undefined ? '' : `\`${cell(text)}\``;
}

const inputs = markdownTable(
  ['Input', 'Description', 'Default', 'Required'],
  Object.entries(action.inputs ?? {}).map(([name, input]) => [
    `\`${name}\``,
    cell(input.description),
    code(input.default),
    input.required ? 'yes' : 'no',
  ]),
);

const outputs = markdownTable(
  ['Output', 'Description'],
  Object.entries(action.outputs ?? {}).map(([name, output]) => [
    `\`${name}\``,
    cell(output.description),
  ]),
);

await writeDocTables({
  tool: 'action-docs',
  tables: { inputs, outputs },
  defaults: ['README.md', 'docs/github.md'].filter(existsSync),
  stale: (files) => `the inputs/outputs tables in ${files} differ from action.yml`,
});
