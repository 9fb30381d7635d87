// Finds where a field path was written in a parsed YAML document.
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from './diagnostics.js';
import type { Segment } from './field-path.js';
import type { ParsedDocument } from './parse.js';

export interface NodeLookup {
  /** The node at the path itself, when it exists. */
  node?: Node;
  /** The key node, when the last segment is a mapping key that exists. */
  key?: Node;
  /** The deepest node found along the path (the node itself when exact). */
  nearest: Node | null;
}

export function lookupNode(doc: ParsedDocument, segments: readonly Segment[]): NodeLookup {
  let current = resolve(doc, doc.document.contents as Node | null);
  let key: Node | undefined;
  for (const segment of segments) {
    const next = child(doc, current, segment);
    if (!next) return { nearest: current };
    current = next.value;
    key = next.key;
  }
  return { node: current ?? undefined, key, nearest: current };
}

/**
 * Position of a path: its key when `preferKey` and the path ends at a mapping key, else its
 * value; the nearest written ancestor when the path does not exist.
 */
export function positionOf(
  doc: ParsedDocument,
  segments: readonly Segment[],
  preferKey = false,
): SourcePosition {
  const found = lookupNode(doc, segments);
  const node = (preferKey && found.key) || found.node || found.key || found.nearest;
  return nodePosition(doc, node);
}

export function nodePosition(doc: ParsedDocument, node: Node | null | undefined): SourcePosition {
  const offset = node?.range?.[0] ?? doc.document.range[0];
  const { line, col } = doc.lineCounter.linePos(offset);
  return { file: doc.file, line, column: col };
}

/** Exact position of a path, or undefined when nothing is written there. */
export function exactPosition(
  doc: ParsedDocument,
  segments: readonly Segment[],
): SourcePosition | undefined {
  const found = lookupNode(doc, segments);
  return found.node || found.key ? nodePosition(doc, found.node ?? found.key) : undefined;
}

function child(
  doc: ParsedDocument,
  node: Node | null,
  segment: Segment,
): { value: Node | null; key?: Node } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
      if (String(keyValue) === String(segment)) {
        return { value: resolve(doc, pair.value as Node | null), key: keyNode ?? undefined };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    return item === undefined ? undefined : { value: resolve(doc, item) };
  }
  return undefined;
}

function resolve(doc: ParsedDocument, node: Node | null): Node | null {
  // An alias stands for its anchor's node; follow it (once: cycles are refused at parse time).
  if (isAlias(node)) return (node.resolve(doc.document) as Node | undefined) ?? node;
  return node;
}
