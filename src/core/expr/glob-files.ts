// glob() as Testkube's toolkit evaluates it, but over a listing of the files in the runner's
// container taken by the engine (the core never reads a file system): patterns relative to the
// container's working directory, `!pattern` excludes, only files match (not directories), and
// the result is absolute paths, sorted and without duplicates.
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { parseExpression } from './parser.js';

/** The listing a glob() call sees: absolute file paths, and where relative patterns start. */
export interface FileListing {
  files: readonly string[];
  workingDir: string;
}

export function globFiles(listing: FileListing, patterns: readonly string[]): string[] {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) exclude.push(absolute(pattern.slice(1), listing.workingDir));
    else include.push(absolute(pattern, listing.workingDir));
  }
  if (include.length === 0)
    throw new Error('glob() needs at least one pattern that is not a !exclusion');
  const options = { dot: true };
  const matches = picomatch(include, options);
  const excluded = exclude.length > 0 ? picomatch(exclude, options) : () => false;
  // Matched without the leading slash, as Testkube does, so that `/**/x` also matches `/x`.
  const found = new Set(
    listing.files.filter((file) => {
      const relative = posix.normalize(file).replace(/^\/+/, '');
      return matches(relative) && !excluded(relative);
    }),
  );
  return [...found].sort();
}

/** The directories a listing must cover for these patterns (their static prefixes), deduplicated. */
export function globRoots(patterns: readonly string[], workingDir: string): string[] {
  const roots = patterns
    .filter((p) => !p.startsWith('!'))
    .map((p) => `/${picomatch.scan(absolute(p, workingDir)).base}`.replace(/\/+$/, '') || '/');
  // A root inside another root is listed with it.
  const sorted = [...new Set(roots)].sort();
  return sorted.filter((r) => !sorted.some((o) => o !== r && (o === '/' || r.startsWith(`${o}/`))));
}

function absolute(pattern: string, workingDir: string): string {
  const joined = posix.isAbsolute(pattern) ? pattern : posix.join(workingDir || '/', pattern);
  return posix.normalize(joined).replace(/^\/+/, '');
}

/** Whether an expression calls glob() anywhere (an unparsable one is left to the usual errors). */
export function callsGlob(expression: string): boolean {
  let node: unknown;
  try {
    node = parseExpression(expression);
  } catch {
    return false;
  }
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (value === null || typeof value !== 'object') return false;
    const n = value as { kind?: unknown; name?: unknown };
    if (n.kind === 'call' && n.name === 'glob') return true;
    // Literal values are data, not nodes.
    if (n.kind === 'literal') return false;
    return Object.values(value).some(visit);
  };
  return visit(node);
}
