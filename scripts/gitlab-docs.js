// Writes the inputs table of the GitLab CI/CD component into its README, between marker comments:
//   <!-- gitlab-docs:inputs --> … <!-- gitlab-docs:end -->
// generated from the `spec: inputs:` header of gitlab/templates/shakedown.yml, so the README can
// never disagree with the component. `--check` changes nothing and exits 1 when the table is
// stale (CI runs it). Usage: node scripts/gitlab-docs.js [--check] [files…]
// (default: gitlab/README.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parseAllDocuments } from 'yaml';

const TEMPLATE = 'gitlab/templates/shakedown.yml';
const args = process.argv.slice(2);
const check = args.includes('--check');
const files = args.filter((a) => a !== '--check');
const targets = files.length > 0 ? files : ['gitlab/README.md'];

const [header] = parseAllDocuments(readFileSync(TEMPLATE, 'utf8')).map((d) => d.toJS());
const inputs = header?.spec?.inputs;
if (!inputs || typeof inputs !== 'object') {
  console.error(`gitlab-docs: ${TEMPLATE} has no 'spec: inputs:' header.`);
  process.exit(1);
}

/** Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(value) {
  if (value === undefined || value === null) return '';
  return value === '' ? '`""`' : `\`${cell(value)}\``;
}

function inputsTable() {
  const rows = Object.entries(inputs).map(([name, input]) => {
    const options = (input.options ?? []).map(code).join(', ');
    return `| \`${name}\` | ${cell(input.description)} | ${input.type ?? 'string'} | ${code(input.default)} | ${options} |`;
  });
  return [
    '| Input | Description | Type | Default | Options |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const block = /(<!-- gitlab-docs:inputs -->)[\s\S]*?(<!-- gitlab-docs:end -->)/g;
const stale = [];
let found = 0;
for (const file of targets) {
  const text = readFileSync(file, 'utf8');
  const replaced = text.replace(block, (_, start, end) => {
    found++;
    return `${start}\n\n${inputsTable()}\n\n${end}`;
  });
  // Formatted as prettier would, so `prettier --check` and `--check` here agree on the table.
  const options = (await resolveConfig(file)) ?? {};
  const updated = await format(replaced, { ...options, filepath: file });
  if (updated === text) continue;
  if (check) stale.push(file);
  else {
    writeFileSync(file, updated);
    console.log(`gitlab-docs: updated ${file}`);
  }
}

if (found === 0) {
  console.error(`gitlab-docs: no '<!-- gitlab-docs:inputs -->' block in ${targets.join(', ')}.`);
  process.exit(1);
}
if (stale.length > 0) {
  console.error(
    `gitlab-docs: the inputs table in ${stale.join(', ')} differs from ${TEMPLATE}. Run 'node scripts/gitlab-docs.js' and commit the result.`,
  );
  process.exit(1);
}
