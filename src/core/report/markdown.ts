// Markdown building blocks for every report (GitHub check run, PR comment, job summary, GitLab
// MR note). Whatever comes from a test run goes through `escapeText` or `codeFence`: both keep
// it inert in GitHub- and GitLab-flavoured markdown and inside HTML blocks (<details>, <summary>).
import { cleanText } from '../results/text.js';

export type SizeUnit = 'bytes' | 'chars';

/** Size as a platform counts it: UTF-8 bytes, or UTF-16 code units (never fewer than characters). */
export function measure(text: string, unit: SizeUnit): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** The longest prefix within `max`, never splitting a UTF-8 sequence or a surrogate pair. */
export function cutToSize(text: string, max: number, unit: SizeUnit): string {
  if (max <= 0) return '';
  if (unit === 'chars') {
    if (text.length <= max) return text;
    const code = text.charCodeAt(max - 1);
    return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
  }
  if (text.length * 3 <= max) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** `text` shortened to `max` (an ellipsis included) when it is longer. */
export function ellipsis(text: string, max: number, unit: SizeUnit = 'bytes'): string {
  if (measure(text, unit) <= max) return text;
  return `${cutToSize(text, max - measure('…', unit), unit)}…`;
}

// Characters that start markdown or HTML syntax, as numeric character references: they render
// as themselves in markdown and in HTML blocks alike, where backslash escapes would show.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '`': '&#96;',
  '*': '&#42;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '|': '&#124;',
  '\\': '&#92;',
  // GitHub renders $…$ as math, which can restyle or hide text.
  $: '&#36;',
};

const ZWJ = '\u200d';

// Sigils of references GitHub and GitLab link by number: #issue, !merge-request, %milestone,
// $snippet, &epic, ~label — a zero-width joiner after them keeps the number plain text.
const REFERENCE_SIGILS = '#!%$&~';

// One pass over the original text, so that the references inserted are not escaped again.
// Intraword underscores (snake_case) never emphasise, so only the others are escaped.
const SPECIAL = /[&<>`*~[\]|\\$@#!%]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

function escapeChar(c: string, offset: number, text: string): string {
  if (c === '@') return `@${ZWJ}`;
  const escaped = c === '#' ? '&#35;' : c === '_' ? '&#95;' : (ENTITIES[c] ?? c);
  const numbered = REFERENCE_SIGILS.includes(c) && /[0-9]/.test(text[offset + 1] ?? '');
  return numbered ? `${escaped}${ZWJ}` : escaped;
}

/**
 * Test output as inline text that renders literally (for text content, not attribute values): no markdown, no HTML, no links or images,
 * no math, no table breaks. Mentions and numbered references (#1, !2…) are broken with a
 * zero-width joiner so nobody is pinged and nothing is cross-linked. Line breaks become spaces.
 */
export function escapeText(text: string): string {
  return (
    cleanText(text)
      .replace(/\s+/g, ' ')
      .trim()
      .replace(SPECIAL, escapeChar)
      // Text that could begin a line must not start a list item or a setext underline.
      .replace(/^[-+=]/, (c) => `&#${c.charCodeAt(0)};`)
      .replace(/^(\d+)([.)])/, (_m, n: string, c: string) => `${n}&#${c.charCodeAt(0)};`)
  );
}

/** Inline monospace for untrusted text (an HTML element, so it also works inside <summary>). */
export function code(text: string): string {
  return `<code>${escapeText(text)}</code>`;
}

/** A link when `url` is a plain http(s) URL; otherwise just the text. */
export function link(text: string, url: string | undefined): string {
  const label = escapeText(text);
  if (!url || !/^https?:\/\/[^\s<>"`]+$/i.test(url)) return label;
  return `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * A fenced code block that the text cannot close: the fence is longer than any run of
 * backticks inside it.
 */
export function codeFence(text: string, language = 'text'): string {
  const body = cleanText(text).replace(/\n+$/, '');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = /^[\w+-]*$/.test(language) ? language : '';
  return `${fence}${lang}\n${body}\n${fence}\n`;
}

/** The opening of details(summary, …), for a body written piece by piece. */
export function detailsStart(summary: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n`;
}

/** A collapsed section; `summary` is trusted markup (escape what goes into it). */
export function details(summary: string, body: string, open = false): string {
  return `${detailsStart(summary, open)}${body.trimEnd()}\n\n</details>\n`;
}

export type Align = 'left' | 'center' | 'right';

/** A GFM table; cells are trusted markup (escape what goes into them). */
export function table(header: string[], rows: string[][], align: Align[] = []): string {
  return tableHead(header, align) + rows.map(tableRow).join('');
}

/** The header and alignment rows of table(header, …, align), for rows written one by one. */
export function tableHead(header: string[], align: Align[] = []): string {
  const rule = header.map((_, i) =>
    align[i] === 'right' ? '---:' : align[i] === 'center' ? ':---:' : '---',
  );
  return tableRow(header) + tableRow(rule);
}

/** One row of a table, ending with its line break. */
export function tableRow(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\n/g, ' ')).join(' | ')} |\n`;
}

/** 850ms, 12.3s, 4m 05s, 1h 02m. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

/** "1 test", "3 tests". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
