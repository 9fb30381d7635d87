// Copies a step's artifacts out of its pod: a tar stream made by the busybox in the shared
// volume (so the step image needs no tar), read in memory, filtered by the step's globs and
// written under artifacts/. JUnit XML and CTRF JSON among them become the step's test suites.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import {
  archivePaths,
  artifactPatterns,
  artifactRoot,
  matchArtifact,
} from '../../core/engine/artifacts.js';
import { archiveCommand } from '../../core/engine/wrapper.js';
import { MAX_TRANSFER_BYTES } from '../../core/engine/transfer.js';
import type { ContainerPlan, StepPlan } from '../../core/plan/model.js';
import {
  isCtrf,
  isJUnit,
  parseCtrf,
  parseJUnit,
  type TestSuite,
} from '../../core/results/index.js';
import { execWithRetry } from './exec-retry.js';
import { errorMessage, type RunContext } from './run-context.js';

export interface CollectedArtifacts {
  files: string[];
  suites: TestSuite[];
  problems: string[];
}

export interface ArchiveEntry {
  name: string;
  data: Buffer;
  /** Permission bits, so that a transferred script stays executable. */
  mode?: number;
}

/** Files of a tar archive (directories, links and devices are left out). */
export async function readTar(archive: Buffer): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  if (archive.length === 0) return entries;
  const tar = extract();
  const reading = (async () => {
    for await (const entry of tar) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        const { name, mode } = entry.header;
        entries.push({ name, data: Buffer.concat(chunks), ...(mode !== undefined && { mode }) });
      }
    }
  })();
  Readable.from([archive]).pipe(tar);
  await reading;
  return entries;
}

/** A path inside the output directory that cannot climb out of it. */
function safeJoin(...parts: string[]): string | undefined {
  const joined = posix.normalize(parts.filter(Boolean).join('/'));
  if (joined.startsWith('..') || posix.isAbsolute(joined) || joined.split('/').includes('..'))
    return undefined;
  return joined;
}

export async function collectArtifacts(
  ctx: RunContext,
  pod: string,
  /** A container waiting at its gate: it has /data and /.shakedown mounted. */
  execIn: string,
  step: StepPlan,
  /** The rendered container of the step, for its working directory. */
  container: ContainerPlan | undefined,
  /** The attempt container whose private copies to read, if the step ran one. */
  ranIn: string | undefined,
  /** Output folder for this step, e.g. `artifacts/run_tests`. */
  folder: string,
): Promise<CollectedArtifacts> {
  const result: CollectedArtifacts = { files: [], suites: [], problems: [] };
  if (!step.artifacts) return result;
  const patterns = artifactPatterns(step.artifacts, container);
  const root = artifactRoot(step.artifacts, container);
  let archive: Buffer;
  try {
    const exec = await execWithRetry(
      ctx,
      pod,
      execIn,
      archiveCommand(archivePaths(patterns, ranIn)),
      undefined,
      // Held in memory to be filtered by the globs: bounded, an oversized archive is a problem.
      { maxStdoutBytes: MAX_TRANSFER_BYTES },
    );
    if (exec.exitCode !== 0)
      result.problems.push(`tar exited with ${exec.exitCode}: ${exec.stderr.trim()}`);
    archive = exec.stdout;
  } catch (error) {
    result.problems.push(`could not copy artifacts: ${errorMessage(error)}`);
    return result;
  }
  let entries: ArchiveEntry[];
  try {
    entries = await readTar(archive);
  } catch (error) {
    result.problems.push(`could not read the artifact archive: ${errorMessage(error)}`);
    return result;
  }
  for (const entry of entries) {
    const relative = matchArtifact(entry.name, patterns, root, ranIn);
    const file = relative === undefined ? undefined : safeJoin(folder, relative);
    if (!file) continue;
    await ctx.sink.write(file, entry.data);
    result.files.push(file);
    result.suites.push(...parseReport(file, entry.data, result.problems));
  }
  result.files.sort();
  return result;
}

/** Test suites of a JUnit or CTRF file; anything else (or a broken report) gives none. */
function parseReport(file: string, data: Buffer, problems: string[]): TestSuite[] {
  const lower = file.toLowerCase();
  if (!lower.endsWith('.xml') && !lower.endsWith('.json')) return [];
  const text = data.toString('utf8');
  try {
    if (lower.endsWith('.xml') && isJUnit(text)) return parseJUnit(text, file);
    if (lower.endsWith('.json') && isCtrf(text)) return parseCtrf(text, file);
  } catch (error) {
    problems.push(`${file}: ${errorMessage(error)}`);
  }
  return [];
}
