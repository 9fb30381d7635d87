// Remembers which YAML node every object of a resolved workflow was copied from. Template
// resolution reshuffles steps between documents and files; this lets a path of the result
// (`spec.steps[3].run.image`) still be reported where the user wrote it.
import type { SourcePosition } from './diagnostics.js';
import type { Segment } from './field-path.js';
import type { ParsedDocument } from './parse.js';
import { exactPosition, positionOf } from './yaml-nodes.js';

export interface Origin {
  doc: ParsedDocument;
  segments: Segment[];
}

export class Origins {
  private readonly origins = new WeakMap<object, Origin[]>();

  /** Deep copy of the part of `doc` at `segments`, each copied object remembering its source. */
  copy<T>(value: T, doc: ParsedDocument, segments: Segment[]): T {
    if (value === null || typeof value !== 'object') return value;
    const copied: Record<string, unknown> | unknown[] = Array.isArray(value)
      ? value.map((item, i) => this.copy(item, doc, [...segments, i]))
      : Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, this.copy(v, doc, [...segments, k])]),
        );
    this.origins.set(copied, [{ doc, segments }]);
    return copied as T;
  }

  /** Records that `target` was built from `sources`, the first one being preferred. */
  derive<T extends object>(target: T, ...sources: unknown[]): T {
    const list = sources.flatMap((s) => (s !== null && typeof s === 'object' ? this.get(s) : []));
    if (list.length > 0) this.origins.set(target, [...(this.origins.get(target) ?? []), ...list]);
    return target;
  }

  get(value: object): Origin[] {
    return this.origins.get(value) ?? [];
  }

  /**
   * Where `segments` of the resolved `root` was written; its nearest written ancestor if not.
   * Only the deepest object with a known origin is consulted: above it, lists may have been
   * concatenated, and an index there would point at a different step of the source.
   */
  locate(root: unknown, segments: readonly Segment[]): SourcePosition | undefined {
    let deepest: { origins: Origin[]; rest: Segment[] } | undefined;
    let node: unknown = root;
    for (let i = 0; ; i++) {
      if (node !== null && typeof node === 'object' && this.origins.has(node)) {
        deepest = { origins: this.get(node), rest: segments.slice(i) };
      }
      if (i === segments.length || node === null || typeof node !== 'object') break;
      node = (node as Record<Segment, unknown>)[segments[i]];
    }
    if (!deepest) return undefined;
    for (const { doc, segments: base } of deepest.origins) {
      const exact = exactPosition(doc, [...base, ...deepest.rest]);
      if (exact) return exact;
    }
    const { doc, segments: base } = deepest.origins[0];
    return positionOf(doc, [...base, ...deepest.rest]);
  }
}
