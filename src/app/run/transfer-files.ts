// Moves files between two pods of the run through exec: the sending pod's busybox tars the
// transfer's base directories (the artifacts' archive command), the engine keeps the entries
// the globs take, re-rooted at `to`, and the receiving pod's busybox unpacks them (the
// --upload unpack command). Archives are bounded and every exec has a timeout in the pod.
import { pack } from 'tar-stream';
import {
  MAX_TRANSFER_BYTES,
  TRANSFER_EXEC_TIMEOUT_S,
  sourceKey,
  transferPatterns,
  transferSources,
  transferTarget,
  type Transfer,
} from '../../core/engine/transfer.js';
import { archiveCommand, unpackCommand, withTimeout } from '../../core/engine/wrapper.js';
import { readTar, type ArchiveEntry } from './collect-artifacts.js';
import { execWithRetry } from './exec-retry.js';
import { RunError, type RunContext } from './run-context.js';

/** A pod and one of its containers that waits at a gate (it has busybox and the shared volumes). */
export interface PodSide {
  pod: string;
  container: string;
  /** Says which pod it is in messages, e.g. `the workflow pod`. */
  label: string;
}

/** What a transfer reads from its source, once per `from` and `files` (as Testkube packs once). */
export class SourceCache {
  private readonly read = new Map<string, Promise<ArchiveEntry[]>>();

  entries(ctx: RunContext, side: PodSide, transfer: Transfer): Promise<ArchiveEntry[]> {
    const key = sourceKey(transfer);
    let found = this.read.get(key);
    if (!found) {
      found = readSource(ctx, side, transfer);
      this.read.set(key, found);
    }
    return found;
  }
}

async function readSource(
  ctx: RunContext,
  side: PodSide,
  transfer: Transfer,
): Promise<ArchiveEntry[]> {
  const command = withTimeout(
    archiveCommand(transferSources(transfer), MAX_TRANSFER_BYTES),
    TRANSFER_EXEC_TIMEOUT_S,
  );
  const result = await execWithRetry(ctx, side.pod, side.container, command);
  if (result.stdout.length > MAX_TRANSFER_BYTES) {
    throw new RunError(
      `${transfer.from} in ${side.label} holds more than ${MAX_TRANSFER_BYTES / 1024 / 1024} MiB for this transfer; narrow its files`,
      'TransferTooLarge',
    );
  }
  if (result.exitCode !== 0) {
    throw new RunError(
      `could not read ${transfer.from} in ${side.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
      'TransferFailed',
    );
  }
  return readTar(result.stdout);
}

/** Copies one transfer's files from `source` into `target`; returns how many files moved. */
export async function moveFiles(
  ctx: RunContext,
  source: PodSide,
  target: PodSide,
  transfer: Transfer,
  cache: SourceCache = new SourceCache(),
): Promise<number> {
  const entries = await cache.entries(ctx, source, transfer);
  const patterns = transferPatterns(transfer);
  const files = entries.flatMap((entry) => {
    const name = transferTarget(entry.name, transfer, patterns);
    return name === undefined ? [] : [{ ...entry, name }];
  });
  const archive = await packTar(files);
  const command = withTimeout(unpackCommand(transfer.to), TRANSFER_EXEC_TIMEOUT_S);
  const result = await execWithRetry(ctx, target.pod, target.container, command, archive);
  if (result.exitCode !== 0) {
    throw new RunError(
      `could not place ${transfer.from} of ${source.label} into ${transfer.to} of ${target.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
      'TransferFailed',
    );
  }
  return files.length;
}

async function packTar(files: ArchiveEntry[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const file of files)
    tar.entry({ name: file.name, mode: file.mode ?? 0o644, size: file.data.length }, file.data);
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}
