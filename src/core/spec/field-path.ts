// Field paths as users read them (`spec.steps[1].run.image`) and as code walks them
// (['spec', 'steps', 1, 'run', 'image']).

export type Segment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Inverse of formatPath; tolerant: an unparsable rest is kept as one key. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < path.length && (match = pattern.exec(path))) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(JSON.parse(match[2]) as string);
    else segments.push(match[3]);
  }
  if (pattern.lastIndex < path.length && pattern.lastIndex !== 0) {
    segments.push(path.slice(pattern.lastIndex));
  }
  return segments;
}

/** JSON pointer (`/spec/steps/1`) as ajv reports it → segments; numeric parts of arrays become numbers. */
export function pointerToSegments(pointer: string, root: unknown): Segment[] {
  if (!pointer) return [];
  const segments: Segment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    segments.push(segment);
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<Segment, unknown>)[segment]
        : undefined;
  }
  return segments;
}
