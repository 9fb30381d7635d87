// `shakedown run --out DIR` on the real disk: a folder of the user's is never written into or
// emptied, and nothing changes in DIR before the run starts (connect and preflight failures).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileSource } from '../../../src/adapters/fs/local-file-source.js';
import { LocalOutputSink, OUTPUT_MARKER } from '../../../src/adapters/fs/local-output-sink.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import { runCommand } from '../../../src/app/commands/run.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples/e2e');

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'shakedown-out-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(out: string, options: FakeOptions = {}, connectError?: Error) {
  let stderr = '';
  let connected = 0;
  const env: CliEnvironment = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    env: {},
    files: new LocalFileSource(EXAMPLES),
    run: {
      connect: async () => {
        connected++;
        if (connectError) throw connectError;
        return new FakeKube(options);
      },
      output: (directory) => new LocalOutputSink(directory, cwd),
      clock: nodeClock,
      newRunId: () => 'abcd12',
      archive: async () => Buffer.alloc(0),
      onInterrupt: () => () => undefined,
    },
  };
  const code = await runCommand(['files-and-data.yaml', '--out', out], env);
  return { code, stderr, connected };
}

/** Every file under a directory with its content, to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return files;
}

/** An earlier Shakedown output with a file of the user's beside it. */
async function earlierOutput(dir: string): Promise<void> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  await writeFile(join(dir, OUTPUT_MARKER), 'marker\n');
  await writeFile(join(dir, 'results.json'), '{"old":true}');
  await writeFile(join(dir, 'logs', 'old-step.log'), 'old log\n');
  await writeFile(join(dir, 'notes.txt'), 'mine\n');
}

describe('run --out', () => {
  it('refuses a non-empty folder that is no Shakedown output, before connecting, and changes nothing', async () => {
    const dir = join(cwd, 'mine');
    await mkdir(join(dir, 'logs'), { recursive: true });
    await writeFile(join(dir, 'results.json'), 'my own results');
    await writeFile(join(dir, 'logs', 'keep.log'), 'my log');
    const before = await snapshot(dir);
    const { code, stderr, connected } = await run('mine');
    expect(code).toBe(2);
    expect(connected).toBe(0);
    expect(stderr).toContain(`--out ${dir}: the directory is not empty (logs, results.json)`);
    expect(stderr).toContain(`no ${OUTPUT_MARKER} file`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses a path that is a file', async () => {
    await writeFile(join(cwd, 'file'), 'x');
    const { code, stderr } = await run('file');
    expect(code).toBe(2);
    expect(stderr).toContain(`--out ${join(cwd, 'file')}: is not a directory`);
    expect(await readFile(join(cwd, 'file'), 'utf8')).toBe('x');
  });

  it('leaves an earlier output untouched when the cluster cannot be reached', async () => {
    const dir = join(cwd, 'out');
    await earlierOutput(dir);
    const before = await snapshot(dir);
    const { code, stderr } = await run('out', {}, new Error('connection refused'));
    expect(code).toBe(2);
    expect(stderr).toContain('cannot connect to the cluster: connection refused');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('leaves an earlier output untouched when preflight refuses the run, and creates no new folder', async () => {
    const dir = join(cwd, 'out');
    await earlierOutput(dir);
    const before = await snapshot(dir);
    const missingAccess = [{ verb: 'create', group: '', resource: 'namespaces' }];
    const { code } = await run('out', { missingAccess });
    expect(code).toBe(2);
    expect(await snapshot(dir)).toEqual(before);
    expect((await run('new', { missingAccess })).code).toBe(2);
    expect(await readdir(cwd)).toEqual(['out']);
  });

  it('replaces only what Shakedown wrote in an earlier output, and marks a new folder', async () => {
    const dir = join(cwd, 'out');
    await earlierOutput(dir);
    const { code } = await run('out');
    expect(code).toBe(0);
    const after = await snapshot(dir);
    expect(after['notes.txt']).toBe('mine\n');
    expect(after['logs/old-step.log']).toBeUndefined();
    expect(JSON.parse(after['results.json']!)).toMatchObject({ runId: 'abcd12', status: 'passed' });
    expect(after[OUTPUT_MARKER]).toContain('output of a Shakedown run');

    expect((await run('fresh')).code).toBe(0);
    expect(Object.keys(await snapshot(join(cwd, 'fresh')))).toContain(OUTPUT_MARKER);
    // A second run into the folder it wrote is accepted.
    expect((await run('fresh')).code).toBe(0);
  });
});
