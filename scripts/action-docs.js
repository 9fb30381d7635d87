// Writes the inputs and outputs tables of action.yml into the docs, between marker comments:
//   <!-- action-docs:inputs --> … <!-- action-docs:end -->
//   <!-- action-docs:outputs --> … <!-- action-docs:end -->
// so the README can never disagree with the action. `--check` changes nothing and exits 1 when
// a table is stale (CI runs it). Usage: node scripts/action-docs.js [--check] [files…]
// (default: README.md and docs/github.md, whichever exist).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const check = args.includes('--check');
const files = args.filter((a) => a !== '--check');
const targets = files.length > 0 ? files : ['README.md', 'docs/github.md'].filter(existsSync);

const action = parse(readFileSync('action.yml', 'utf8'));

/** Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(text) {
  return text === '' || text === undefined ? '' : `\`${cell(text)}\``;
}

function inputsTable() {
  const rows = Object.entries(action.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${cell(input.description)} | ${code(input.default)} | ${input.required ? 'yes' : 'no'} |`,
  );
  return [
    '| Input | Description | Default | Required |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function outputsTable() {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

const tables = { inputs: inputsTable(), outputs: outputsTable() };
const block = /(<!-- action-docs:(inputs|outputs) -->)[\s\S]*?(<!-- action-docs:end -->)/g;

const stale = [];
let found = 0;
for (const file of targets) {
  const text = readFileSync(file, 'utf8');
  const replaced = text.replace(block, (_, start, kind, end) => {
    found++;
    return `${start}\n\n${tables[kind]}\n\n${end}`;
  });
  // Formatted as prettier would, so `prettier --check` and `--check` here agree on the tables.
  const options = (await resolveConfig(file)) ?? {};
  const updated = await format(replaced, { ...options, filepath: file });
  if (updated === text) continue;
  if (check) stale.push(file);
  else {
    writeFileSync(file, updated);
    console.log(`action-docs: updated ${file}`);
  }
}

if (found === 0) {
  console.error(
    `action-docs: no '<!-- action-docs:inputs -->' or '<!-- action-docs:outputs -->' block in ${targets.join(', ') || '(no file)'}.`,
  );
  process.exit(1);
}
if (stale.length > 0) {
  console.error(
    `action-docs: the inputs/outputs tables in ${stale.join(', ')} differ from action.yml. Run 'node scripts/action-docs.js' and commit the result.`,
  );
  process.exit(1);
}
