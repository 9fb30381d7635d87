// Syntax checks of every expression and `{{ }}` template of a document, reported at the
// character where the problem is when the YAML scalar allows mapping it back.
import { isScalar, type Scalar } from 'yaml';
import {
  checkExpression,
  checkSecretCall,
  checkTemplate,
  ExpressionError as ExpressionErrorClass,
  KNOWN_ROOTS,
  secretCall,
  type ExpressionError,
  type SecretCall,
} from '../expr/index.js';
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import { fieldKind, forEachString } from './expression-fields.js';
import { formatPath, type Segment } from './field-path.js';
import type { ParsedDocument } from './parse.js';
import { withoutScriptSecrets } from './script-secrets.js';
import { withoutStepSharing } from './step-sharing.js';
import { lookupNode, nodePosition } from './yaml-nodes.js';

const SNIPPET = 60;

export function checkExpressions(doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  forEachString(doc.value, (value, segments) => {
    const kind = fieldKind(segments);
    if (kind === 'text') return;
    const secret = kind === 'template' && secretPlace(segments) ? secretCall(value) : undefined;
    const error = secret
      ? checkSecretArguments(value, secret)
      : kind === 'expression'
        ? checkExpression(value, KNOWN_ROOTS, { allowGlob: expandsWorkers(segments) })
        : checkTemplate(
            sharesSteps(segments) ? withoutScriptSecrets(withoutStepSharing(value)) : value,
            KNOWN_ROOTS,
          );
    if (!error) return;
    out.push({
      ...errorPosition(doc, segments, error),
      path: formatPath(segments),
      message: `${error.message} in ${kind} '${snippet(error)}'`,
    });
  });
  return out;
}

/**
 * A step's `parallel.count`, `maxCount`, `matrix.X` or `shards.X`: the engine expands those
 * workers at run time when they call glob() (Testkube lists the files in the runner's container).
 */
function expandsWorkers(segments: Segment[]): boolean {
  const at = segments.lastIndexOf('parallel');
  if (at < 0) return false;
  const rest = segments.slice(at + 1);
  if (rest.length === 1) return rest[0] === 'count' || rest[0] === 'maxCount';
  return rest.length === 2 && (rest[0] === 'matrix' || rest[0] === 'shards');
}

/** A step's shell script, where step results and outputs (step-sharing.ts) and secret() (script-secrets.ts) are rewritten. */
function sharesSteps(segments: Segment[]): boolean {
  return segments[segments.length - 1] === 'shell';
}

/**
 * Where `{{ secret(name, key) }}` may stand alone: an env value (it becomes a secretKeyRef) and
 * a template's config value, which the template may put into an env value.
 */
function secretPlace(segments: Segment[]): boolean {
  const n = segments.length;
  if (segments[n - 1] === 'value' && segments[n - 3] === 'env') return true;
  return (
    segments[n - 2] === 'config' && (segments[n - 3] === 'template' || segments[n - 4] === 'use')
  );
}

function checkSecretArguments(value: string, call: SecretCall): ExpressionError | undefined {
  try {
    checkSecretCall(value, call, KNOWN_ROOTS);
    return undefined;
  } catch (e) {
    if (e instanceof ExpressionErrorClass) return e;
    throw e;
  }
}

/** The line of the expression holding the problem, cut to a readable window around it. */
function snippet(error: ExpressionError): string {
  const lines = error.expression.split('\n');
  const text =
    (lines[error.line - 1] ?? '').trim() === '' ? error.expression : lines[error.line - 1];
  if (text.length <= SNIPPET) return text.trim();
  const from = Math.max(0, Math.min(error.column - 1 - SNIPPET / 2, text.length - SNIPPET));
  return `${from > 0 ? '…' : ''}${text.slice(from, from + SNIPPET).trim()}${from + SNIPPET < text.length ? '…' : ''}`;
}

function errorPosition(
  doc: ParsedDocument,
  segments: Segment[],
  error: ExpressionError,
): SourcePosition {
  const { node } = lookupNode(doc, segments);
  const start = nodePosition(doc, node);
  if (!isScalar(node)) return start;
  const scalar = node as Scalar;
  const source = sourceOf(doc, scalar);
  if (source === undefined) return start;
  switch (scalar.type) {
    case 'PLAIN':
      return source.includes('\n') ? start : { ...start, column: start.column + error.offset };
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      // Escapes shift characters; only map when the source is the value verbatim.
      return source.includes('\n') || source.slice(1, -1) !== error.expression
        ? start
        : { ...start, column: start.column + 1 + error.offset };
    case 'BLOCK_LITERAL':
      return blockPosition(doc, start, source, error);
    default:
      return start;
  }
}

function sourceOf(doc: ParsedDocument, scalar: Scalar): string | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  return doc.text.slice(range[0], range[1]);
}

/** `|` blocks keep lines verbatim after removing the block's indentation. */
function blockPosition(
  doc: ParsedDocument,
  start: SourcePosition,
  source: string,
  error: ExpressionError,
): SourcePosition {
  const lines = source.split('\n');
  const content = lines.slice(1);
  const first = content.find((l) => l.trim() !== '');
  if (first === undefined) return start;
  // The slice starts at the `|` header, so every content line is whole, indentation included.
  const indent = first.length - first.trimStart().length;
  if (content[error.line - 1] === undefined) return start;
  return { file: doc.file, line: start.line + error.line, column: indent + error.column };
}
