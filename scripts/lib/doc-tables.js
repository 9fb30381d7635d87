// Tables generated into markdown docs between marker comments, so the docs can never disagree
// with what they document (action.yml, the GitLab component's template):
//   <!-- TOOL:KIND --> … <!-- TOOL:end -->
// Usage of a tool: node scripts/TOOL.js [--check] [files…]. `--check` changes nothing and exits
// 1 when a table is stale (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

/** Markdown table cell: one line, pipes escaped. */
export function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** A markdown table; the cells are markdown already (see cell()). */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Puts tables[KIND] between each `<!-- TOOL:KIND -->` and `<!-- TOOL:end -->` of the files named
 * on the command line (`defaults` when none is), formatted as prettier would so that
 * `prettier --check` and `--check` here agree. Exits 1 when no file has a block, or with
 * `--check` when a table is stale; `stale(files)` says what differs from what.
 */
export async function writeDocTables({ tool, tables, defaults, stale }) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const files = args.filter((a) => a !== '--check');
  const targets = files.length > 0 ? files : defaults;
  const kinds = Object.keys(tables);
  const block = new RegExp(
    `(<!-- ${tool}:(${kinds.join('|')}) -->)[\\s\\S]*?(<!-- ${tool}:end -->)`,
    'g',
  );

  const staleFiles = [];
  let found = 0;
  for (const file of targets) {
    const text = readFileSync(file, 'utf8');
    const replaced = text.replace(block, (_, start, kind, end) => {
      found++;
      return `${start}\n\n${tables[kind]}\n\n${end}`;
    });
    const options = (await resolveConfig(file)) ?? {};
    const updated = await format(replaced, { ...options, filepath: file });
    if (updated === text) continue;
    if (check) staleFiles.push(file);
    else {
      writeFileSync(file, updated);
      console.log(`${tool}: updated ${file}`);
    }
  }

  if (found === 0) {
    const markers = kinds.map((kind) => `'<!-- ${tool}:${kind} -->'`).join(' or ');
    console.error(`${tool}: no ${markers} block in ${targets.join(', ') || '(no file)'}.`);
    process.exit(1);
  }
  if (staleFiles.length > 0) {
    console.error(
      `${tool}: ${stale(staleFiles.join(', '))}. Run 'node scripts/${tool}.js' and commit the result.`,
    );
    process.exit(1);
  }
}
