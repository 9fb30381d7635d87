// `npm pack` of this checkout, as the release workflow packs it (prepack stamps dist/COMMIT),
// and a clean install of the tarball. npm runs under the Node that runs the tests (24), first
// on PATH, as in the node:24 image users get. Packing is serialised across jest workers with a
// lock directory: prepack and postpack write and remove the one dist/COMMIT of the checkout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { PackedPackage } from '../../support/npm-registry-fake-server.js';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** The environment npm and the installed `shakedown` run in: Node 24 first on PATH. */
export function nodeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...extra };
}

function withPackLock<T>(work: () => T): T {
  const lock = join(ROOT, '.tmp/pack.lock');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 2 minutes: remove it if stale`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Packed extends PackedPackage {
  path: string;
  /** Paths inside the tarball, without npm's `package/` prefix. */
  files: string[];
}

export function packShakedown(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'sd-pack-'));
  const json = withPackLock(() =>
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: nodeEnv({ npm_config_cache: join(dir, 'cache') }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const [report] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  const path = join(dir, report!.filename);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
  ) as Packed['manifest'];
  return {
    path,
    manifest,
    tarball: readFileSync(path),
    files: report!.files.map((f) => f.path).sort(),
  };
}
