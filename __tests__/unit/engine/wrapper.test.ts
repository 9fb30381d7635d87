// The step wrapper run by a real busybox (the machine has busybox-static; the cluster's images
// are built from it), with /.shakedown and /dev/termination-log moved into a temporary folder.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutcome } from '../../../src/core/engine/termination.js';
import {
  archiveCommand,
  gateCommand,
  SHAKEDOWN_DIR,
  wrapperCommand,
} from '../../../src/core/engine/wrapper.js';

const BUSYBOX = ['/usr/bin/busybox', '/bin/busybox'].find((p) => existsSync(p));

let root: string;

beforeEach(() => {
  if (!BUSYBOX) throw new Error('busybox is needed for this test (Debian package busybox-static)');
  root = mkdtempSync(join(tmpdir(), 'wrapper-'));
  for (const dir of ['bin', 'gate', 'state', 'artifacts'])
    mkdirSync(join(root, 'sd', dir), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'sd/bin/busybox'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Moves every absolute path the wrapper uses into the temporary folder. */
function relocate(argv: string[]): string[] {
  return argv.map((a) =>
    a
      .replaceAll(SHAKEDOWN_DIR, join(root, 'sd'))
      .replaceAll('/dev/termination-log', join(root, 'term')),
  );
}

interface Ran {
  stdout: string;
  code: number | null;
  message: string;
}

function run(
  argv: string[],
  options: { decision?: 'run' | 'skip'; killAfterMs?: number } = {},
): Promise<Ran> {
  const [cmd, ...args] = relocate(argv);
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // The engine opens the gate through exec once the container runs.
  setTimeout(() => {
    const [gcmd, ...gargs] = relocate(gateCommand('c1', options.decision ?? 'run'));
    spawnSync(gcmd!, gargs);
  }, 200);
  if (options.killAfterMs) setTimeout(() => child.kill('SIGTERM'), options.killAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const term = join(root, 'term');
      resolve({ stdout, code, message: existsSync(term) ? readFileSync(term, 'utf8') : '' });
    }),
  );
}

describe('step wrapper (real busybox)', () => {
  it('waits for the gate, runs the argv and reports its exit code, exiting 0 itself', async () => {
    const ran = await run(
      wrapperCommand('c1', undefined, [], { argv: ['sh', '-c', 'echo hi; exit 3'] }),
    );
    expect(ran).toMatchObject({ stdout: 'hi\n', code: 0 });
    expect(readOutcome({ exitCode: 0, message: ran.message })).toMatchObject({
      exitCode: 3,
      timedOut: false,
      skipped: false,
    });
  });

  it('runs a shell script with set -e', async () => {
    const ran = await run(
      wrapperCommand('c1', undefined, [], { script: 'echo one\nfalse\necho two' }),
    );
    expect(ran.stdout).toBe('one\n');
    expect(readOutcome({ message: ran.message }).exitCode).toBe(1);
  });

  it('reports a missing command as exit code 127', async () => {
    const ran = await run(wrapperCommand('c1', undefined, [], { argv: ['no-such-command-here'] }));
    expect(readOutcome({ message: ran.message }).exitCode).toBe(127);
  });

  it('stops the step at its timeout and says it timed out', async () => {
    const started = Date.now();
    const ran = await run(
      wrapperCommand('c1', 500, [], { script: 'echo start; sleep 20; echo never' }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ran.stdout).toBe('start\n');
    expect(readOutcome({ message: ran.message })).toMatchObject({ timedOut: true });
  });

  it('skips without running when told to', async () => {
    const ran = await run(wrapperCommand('c1', undefined, [], { script: 'echo nope' }), {
      decision: 'skip',
    });
    expect(ran.stdout).toBe('');
    expect(readOutcome({ message: ran.message })).toMatchObject({ skipped: true });
  });

  it('on SIGTERM stops the whole process tree of the step', async () => {
    const marker = join(root, 'survivor');
    const ran = await run(
      wrapperCommand('c1', undefined, [], { script: `(sleep 2; touch ${marker}) & sleep 30` }),
      { killAfterMs: 600 },
    );
    expect(ran.code).toBe(143);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(marker)).toBe(false);
  });

  it('copies private artifact directories and archives only paths that exist', async () => {
    const app = join(root, 'app/out');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'report.xml'), '<testsuite/>');
    await run(wrapperCommand('c1', undefined, [app], { argv: ['true'] }));
    const copied = join(root, 'sd/artifacts/c1', app, 'report.xml');
    expect(readFileSync(copied, 'utf8')).toBe('<testsuite/>');
    const [cmd, ...args] = relocate(
      archiveCommand([join(root, 'sd/artifacts/c1'), '/no/such/path']),
    );
    const tar = spawnSync(cmd!, args);
    expect(tar.status).toBe(0);
    expect(tar.stdout.toString('latin1')).toContain('report.xml');
  });
});
