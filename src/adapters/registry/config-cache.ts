// What an image runs, kept on disk between runs under the digest its reference resolved to.
// A digest names immutable content, so an entry never goes stale: a tag that moved resolves
// to another digest and misses. With it, a warm lookup is one manifest request (a tag) or
// none (a reference pinned by digest) instead of two or three. Entries hold only what the
// image's own config says (entrypoint, cmd, env…), never a login or a token.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageConfig, Platform } from '../../ports/image-config.js';

/** What an entry keeps: the image's own config, without this run's counts. */
export type CachedImage = Omit<ImageConfig, 'resolvedDigest' | 'requests'>;

export interface ConfigCache {
  get(key: string): Promise<CachedImage | undefined>;
  put(key: string, value: CachedImage): Promise<void>;
}

/** registry/repository@digest for one platform: the platform matters below an index. */
export function cacheKey(
  registry: string,
  repository: string,
  digest: string,
  platform: Platform,
): string {
  const p = [platform.os, platform.architecture, platform.variant ?? ''].join('/');
  return `${registry}/${repository}@${digest}#${p}`;
}

const MAX_ENTRY_BYTES = 1 << 20;

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** A damaged or foreign file is a miss, never an error: the registry is asked instead. */
function parseEntry(text: string): CachedImage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const e = value as Partial<CachedImage> | null;
  if (!e || typeof e.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(e.digest))
    return undefined;
  if (!isStrings(e.entrypoint) || !isStrings(e.cmd) || !isStrings(e.env)) return undefined;
  return e as CachedImage;
}

/** One JSON file per key, named by the key's hash, written atomically (rename). */
export class FileConfigCache implements ConfigCache {
  constructor(private readonly directory: string) {}

  private file(key: string): string {
    return join(this.directory, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async get(key: string): Promise<CachedImage | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    return text.length > MAX_ENTRY_BYTES ? undefined : parseEntry(text);
  }

  async put(key: string, value: CachedImage): Promise<void> {
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      await writeFile(temporary, JSON.stringify(value), { mode: 0o600 });
      await rename(temporary, file);
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs the next run
      // one more request; the lookup itself succeeded.
    }
  }
}

/**
 * Where the cache lives: SHAKEDOWN_CACHE_DIR, else the XDG cache folder, else ~/.cache.
 * `SHAKEDOWN_CACHE_DIR=off` (or an empty HOME) turns it off.
 */
export function configCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  const own = env.SHAKEDOWN_CACHE_DIR;
  if (own === 'off') return undefined;
  if (own) return join(own, 'images');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'shakedown', 'images');
  return env.HOME ? join(env.HOME, '.cache', 'shakedown', 'images') : undefined;
}
