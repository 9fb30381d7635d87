// Artifact paths: which directories to copy out of a pod, and which copied files match. Paths
// are globs relative to the artifacts' working directory. What lives on the shared /data volume
// is read from there by the engine; anything else is copied by the step's wrapper into
// /.shakedown/artifacts/<container>/ before the container ends, since its filesystem goes with it.
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { ArtifactsPlan, ContainerPlan } from '../plan/model.js';
import { ARTIFACT_COPY_DIR, DATA_DIR } from './wrapper.js';

export interface ArtifactPattern {
  /** Absolute glob, e.g. /data/reports/**\/*.xml */
  glob: string;
  /** Its fixed leading directory (or file), e.g. /data/reports */
  base: string;
}

/** The directory relative artifact paths start from: artifacts.workingDir, the container's, or /data. */
export function artifactRoot(artifacts: ArtifactsPlan, container?: ContainerPlan): string {
  return posix.resolve('/', artifacts.workingDir ?? container?.workingDir ?? DATA_DIR);
}

export function artifactPatterns(
  artifacts: ArtifactsPlan,
  container?: ContainerPlan,
): ArtifactPattern[] {
  const root = artifactRoot(artifacts, container);
  return artifacts.paths.map((path) => {
    const glob = posix.isAbsolute(path) ? path : posix.join(root, path);
    const scanned = picomatch.scan(glob);
    const base = posix.normalize(scanned.isGlob ? scanned.base || '/' : glob);
    return { glob: posix.normalize(glob), base };
  });
}

export function isShared(path: string): boolean {
  return path === DATA_DIR || path.startsWith(`${DATA_DIR}/`);
}

/** Bases the wrapper must copy because they are outside the shared volume. */
export function privateBases(patterns: ArtifactPattern[]): string[] {
  return [...new Set(patterns.map((p) => p.base).filter((b) => !isShared(b)))];
}

/** Absolute paths to archive from a waiting container after the step ran in `container`. */
export function archivePaths(patterns: ArtifactPattern[], container?: string): string[] {
  const paths = patterns.map((p) =>
    isShared(p.base) || !container ? p.base : `${ARTIFACT_COPY_DIR}/${container}${p.base}`,
  );
  return [...new Set(paths)];
}

/**
 * Maps an archive entry (path without leading '/') back to where it was in the step's
 * container, and says whether a pattern matches it. Returns the destination relative to the
 * artifacts' root (or the absolute path without '/' when outside it), or undefined.
 */
export function matchArtifact(
  entry: string,
  patterns: ArtifactPattern[],
  root: string,
  container?: string,
): string | undefined {
  let original = `/${entry.replace(/^\/+/, '')}`;
  const copyPrefix = container ? `${ARTIFACT_COPY_DIR}/${container}/` : undefined;
  if (copyPrefix && original.startsWith(copyPrefix))
    original = original.slice(copyPrefix.length - 1);
  const hit = patterns.some(
    (p) =>
      picomatch.isMatch(original, p.glob, { dot: true }) ||
      original === p.base ||
      (original.startsWith(`${p.base}/`) && !picomatch.scan(p.glob).isGlob),
  );
  if (!hit) return undefined;
  const relative = posix.relative(root, original);
  return relative.startsWith('..') ? original.slice(1) : relative;
}
