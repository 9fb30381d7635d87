// Moving files between pods of a run (parallel.transfer, parallel.fetch, services.X.transfer):
// which paths to archive in the sending pod, which archive entries a transfer takes and where
// they land, and which directories of the receiving pod need a volume of their own. The tar
// itself is the artifacts' busybox tar through exec (wrapper.ts); this file only decides.
import { posix } from 'node:path';
import type { Vars } from '../expr/index.js';
import type { TransferPlan } from '../plan/model.js';
import { artifactPatterns, isShared, matchArtifact, type ArtifactPattern } from './artifacts.js';
import { renderField, RenderError } from './render.js';
import { DATA_DIR } from './wrapper.js';

/** A transfer archive travels through the engine's memory and an exec stream. */
export const MAX_TRANSFER_BYTES = 256 * 1024 * 1024;
/** Seconds an exec of a transfer (archive or unpack) may take inside the pod. */
export const TRANSFER_EXEC_TIMEOUT_S = 600;

/** A transfer with its templates rendered and its paths absolute. */
export interface Transfer {
  from: string;
  to: string;
  files: string[];
  mount?: boolean;
}

/** Relative paths start at /data, the directory the steps share. */
function absolute(path: string): string {
  return posix.resolve(DATA_DIR, path);
}

export function renderTransfers(
  plans: TransferPlan[] | undefined,
  vars: Vars,
  path: string,
): Transfer[] {
  return (plans ?? []).map((plan, i) => {
    const at = `${path}[${i}]`;
    const from = absolute(renderField(plan.from, vars, `${at}.from`));
    const to = absolute(renderField(plan.to, vars, `${at}.to`));
    const files = plan.files.map((f, j) => renderField(f, vars, `${at}.files[${j}]`));
    for (const [j, file] of files.entries()) {
      if (file.split('/').includes('..'))
        throw new RenderError(`${at}.files[${j}]`, `'${file}' may not climb out of '${from}'`);
    }
    return { from, to, files, ...(plan.mount !== undefined && { mount: plan.mount }) };
  });
}

/** The transfer's globs as artifact patterns rooted at `from`. */
export function transferPatterns(transfer: Transfer): ArtifactPattern[] {
  return artifactPatterns({ paths: transfer.files, workingDir: transfer.from });
}

/** Absolute paths to archive in the sending pod. */
export function transferSources(transfer: Transfer): string[] {
  // A base inside another would put its files into the archive twice.
  return outermost(transferPatterns(transfer).map((p) => p.base));
}

/**
 * Where an archive entry (absolute path without its '/') goes, relative to `to`; undefined when
 * no pattern takes it or it lies outside `from`.
 */
export function transferTarget(
  entry: string,
  transfer: Transfer,
  patterns: ArtifactPattern[],
): string | undefined {
  if (matchArtifact(entry, patterns, transfer.from) === undefined) return undefined;
  const inside = posix.relative(transfer.from, `/${entry.replace(/^\/+/, '')}`);
  return inside === '' || inside.startsWith('..') ? undefined : inside;
}

/** Whether `path` is on /data (in gated pods) or under one of the given volume mount paths. */
export function onVolume(path: string, mountPaths: readonly string[], data = true): boolean {
  return (
    (data && isShared(path)) ||
    mountPaths.some((m) => path === m || path.startsWith(`${m.replace(/\/$/, '')}/`))
  );
}

/**
 * Directories of the receiving pod that need an emptyDir of their own, shared by all its
 * containers: as in Testkube, a `to` on no volume gets one (`mount: true` forces it,
 * `mount: false` refuses the transfer). Nested duplicates collapse into the outermost.
 */
export function transferMounts(
  transfers: Transfer[],
  mountPaths: readonly string[],
  path: string,
  /** False for service pods, which have no /data. */
  data = true,
): string[] {
  const dirs: string[] = [];
  transfers.forEach((t, i) => {
    const covered = onVolume(t.to, mountPaths, data);
    if (t.mount === false && !covered) {
      throw new RenderError(
        `${path}[${i}].to`,
        `'${t.to}' is on no volume of the pod, and mount is false; leave mount out or use a path under ${DATA_DIR}`,
      );
    }
    if (t.mount === true || !covered) dirs.push(t.to);
  });
  return outermost(dirs);
}

/**
 * Directories of a worker that parallel.fetch reads once its steps ended: one on no volume
 * gets an emptyDir in every container, so that what a step wrote there outlives the step.
 */
export function fetchMounts(fetches: Transfer[], mountPaths: readonly string[]): string[] {
  return outermost(fetches.map((f) => f.from).filter((from) => !onVolume(from, mountPaths)));
}

/** Every directory of a worker that needs an emptyDir for its transfers and fetches. */
export function sharedDirs(
  transfers: Transfer[],
  fetches: Transfer[],
  mountPaths: readonly string[],
  path: string,
): string[] {
  return outermost([
    ...transferMounts(transfers, mountPaths, path),
    ...fetchMounts(fetches, mountPaths),
  ]);
}

function outermost(dirs: string[]): string[] {
  const unique = [...new Set(dirs)].sort();
  return unique.filter((d) => !unique.some((o) => o !== d && d.startsWith(`${o}/`)));
}

/** A key telling which transfers read the same archive (Testkube packs each source once). */
export function sourceKey(transfer: Transfer): string {
  return JSON.stringify([transfer.from, transfer.files]);
}
