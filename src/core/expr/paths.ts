/**
 * Testkube's path functions, with Go's filepath semantics on POSIX paths. Testkube resolves a
 * relative path against its process's working directory, which is the step's: when the plan
 * knows it (an absolute `workingDir`), so do these; otherwise the result would depend on a
 * container Shakedown does not see, so those forms are refused.
 */
import { posix } from 'node:path';
import { ValueError } from './values.js';

/** `path` inside `parent` unless it is absolute; an empty parent leaves it as it is. */
export function makePath(parent: string, path: string): string {
  if (posix.isAbsolute(path) || parent === '') return path;
  return clean(posix.join(parent, path));
}

/** Go's filepath.Clean: posix.normalize without a trailing slash, '' as '.'. */
function clean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function absoluteOf(path: string, fn: string): string {
  if (posix.isAbsolute(path)) return clean(path);
  const normalized = clean(path);
  // Relative to the same unknown directory, paths compare as if it were '/', unless they leave it.
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new ValueError(
      `${fn}() of '${path}' depends on the runner's working directory, which Shakedown does not know; use absolute paths`,
    );
  }
  return clean(`/${normalized}`);
}

const WORKDIR = (fn: string) =>
  new ValueError(
    `${fn}() with one argument is relative to the runner's working directory, which Shakedown does not know; give the base as 2nd argument`,
  );

/** `path` made absolute against the known working directory, as Go's filepath.Abs does. */
function against(workingDir: string, path: string): string {
  return clean(posix.isAbsolute(path) ? path : posix.join(workingDir, path));
}

export function relPath(path: string, base: string | undefined, workingDir?: string): string {
  if (workingDir !== undefined) {
    const from = against(workingDir, base ?? workingDir);
    return posix.relative(from, against(workingDir, path)) || '.';
  }
  if (base === undefined) throw WORKDIR('relpath');
  if (posix.isAbsolute(path) !== posix.isAbsolute(base)) {
    throw new ValueError(
      `relpath() of '${path}' from '${base}' depends on the runner's working directory, which Shakedown does not know; use absolute paths`,
    );
  }
  return posix.relative(absoluteOf(base, 'relpath'), absoluteOf(path, 'relpath')) || '.';
}

export function absPath(path: string, base: string | undefined, workingDir?: string): string {
  if (posix.isAbsolute(path)) return clean(path);
  if (workingDir !== undefined)
    return clean(posix.join(against(workingDir, base ?? workingDir), path));
  if (base === undefined) throw WORKDIR('abspath');
  if (!posix.isAbsolute(base)) {
    throw new ValueError(
      `abspath() of '${path}' from '${base}' depends on the runner's working directory, which Shakedown does not know; give an absolute base`,
    );
  }
  return clean(posix.join(base, path));
}
