// YAML text → documents that remember where every node was written. Files are parsed as YAML
// 1.1, the dialect Kubernetes tooling reads them with, so `mode: 0755` is octal and `yes` is a
// boolean exactly as when the file is applied with kubectl.
import { isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { InputFile } from '../../ports/file-source.js';
import type { Diagnostic } from './diagnostics.js';

/** Larger inputs are refused before parsing, so a stray log file cannot exhaust memory. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
/** Nesting deeper than this is refused; no real workflow comes close. */
export const MAX_DEPTH = 64;
/** A broken file can produce thousands of YAML errors; the first few say enough. */
const MAX_YAML_ERRORS = 10;
const MAX_ALIASES = 100;

export interface ParsedDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The whole file's text (node ranges are offsets into it). */
  text: string;
  /** Plain JS value of the document (YAML 1.1 semantics). */
  value: unknown;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

export function parseFile(file: InputFile): ParsedFile {
  const fileProblem = checkText(file);
  if (fileProblem) return { documents: [], diagnostics: [fileProblem] };
  const lineCounter = new LineCounter();
  let parsed: Document.Parsed[];
  try {
    const all = parseAllDocuments(file.text, { lineCounter, version: '1.1', prettyErrors: true });
    parsed = Array.isArray(all) ? all : [];
  } catch (error) {
    return {
      documents: [],
      diagnostics: [wholeFile(file.path, `file cannot be read as YAML: ${describe(error)}`)],
    };
  }
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  parsed.forEach((document, index) => {
    if (document.errors.length > 0) {
      diagnostics.push(...yamlErrors(file.path, document));
      return;
    }
    if (isEmpty(document)) return; // e.g. after a trailing `---`
    const value = toValue(document);
    if (typeof value === 'string') {
      const { line, col } = lineCounter.linePos(document.contents?.range[0] ?? 0);
      diagnostics.push({ file: file.path, line, column: col, path: '', message: value });
      return;
    }
    documents.push({
      file: file.path,
      index,
      document,
      lineCounter,
      text: file.text,
      value: value.value,
    });
  });
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      wholeFile(
        file.path,
        'file holds no YAML document (expected a TestWorkflow or TestWorkflowTemplate)',
      ),
    );
  }
  return { documents, diagnostics };
}

function isEmpty(document: Document.Parsed): boolean {
  const contents = document.contents;
  return (
    contents === null || (isScalar(contents) && contents.value === null && contents.source === '')
  );
}

function checkText(file: InputFile): Diagnostic | undefined {
  if (file.text.length > MAX_FILE_CHARS) {
    const mib = (file.text.length / 1024 / 1024).toFixed(1);
    return wholeFile(
      file.path,
      `file is too large (${mib} MiB); workflow files may be at most 5 MiB`,
    );
  }
  if (file.text.includes('\u0000')) {
    return wholeFile(file.path, 'file looks binary (it contains NUL bytes); expected YAML text');
  }
  return undefined;
}

function yamlErrors(file: string, document: Document.Parsed): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of document.errors) {
    const [start] = error.linePos ?? [{ line: 1, col: 1 }];
    // yaml appends " at line L, column C:" and a source excerpt; the position is ours to print.
    const text = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const message = `invalid YAML: ${text}`;
    const key = `${start.line}:${start.col}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, line: start.line, column: start.col, path: '', message });
  }
  if (out.length > MAX_YAML_ERRORS) {
    const rest = out.length - MAX_YAML_ERRORS;
    out.length = MAX_YAML_ERRORS;
    out.push({
      ...out[MAX_YAML_ERRORS - 1],
      message: `invalid YAML: ${rest} more error(s) not shown`,
    });
  }
  return out;
}

/** The document's JS value, or a message when it cannot be used safely. */
function toValue(document: Document.Parsed): { value: unknown } | string {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return `document cannot be read as YAML: ${describe(error)}`;
  }
  return checkShape(value) ?? { value };
}

/** Refuses alias cycles (`a: &x [*x]`) and absurd nesting, which would defeat every walker. */
function checkShape(root: unknown): string | undefined {
  const stack: { node: unknown; depth: number; ancestors: Set<object> }[] = [
    { node: root, depth: 0, ancestors: new Set() },
  ];
  while (stack.length > 0) {
    const { node, depth, ancestors } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (ancestors.has(node))
      return 'document contains a recursive alias (a node that includes itself)';
    if (depth > MAX_DEPTH) return `document is nested more than ${MAX_DEPTH} levels deep`;
    const inner = new Set(ancestors).add(node);
    for (const child of Object.values(node))
      stack.push({ node: child, depth: depth + 1, ancestors: inner });
  }
  return undefined;
}

/** File-level problems point at 1:1 so every diagnostic has a position editors can jump to. */
function wholeFile(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, path: '', message };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
