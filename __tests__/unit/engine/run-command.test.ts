// `shakedown run` and `shakedown cleanup` as commands: argument handling, exit codes and the
// wiring from files to results, against the in-memory cluster.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { LocalFileSource } from '../../../src/adapters/fs/local-file-source.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import { cleanupCommand } from '../../../src/app/commands/cleanup.js';
import { runCommand } from '../../../src/app/commands/run.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples/e2e');

function environment(fake: FakeKube, sink: MemorySink, connectError?: Error) {
  let stderr = '';
  const env: CliEnvironment = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    env: {},
    files: new LocalFileSource(EXAMPLES),
    run: {
      connect: async () => {
        if (connectError) throw connectError;
        return fake;
      },
      output: () => sink,
      clock: nodeClock,
      newRunId: () => 'abcd12',
      archive: async () => Buffer.alloc(0),
      onInterrupt: () => () => undefined,
    },
  };
  return { env, stderr: () => stderr };
}

async function run(args: string[], options: FakeOptions = {}, connectError?: Error) {
  const fake = new FakeKube(options);
  const sink = new MemorySink();
  const { env, stderr } = environment(fake, sink, connectError);
  const code = await runCommand(args, env);
  return { code, stderr: stderr(), sink, fake };
}

describe('shakedown run', () => {
  it('exits 0 when the workflow passed and writes the results', async () => {
    const { code, sink, stderr } = await run(['files-and-data.yaml']);
    expect(code).toBe(0);
    expect(JSON.parse(sink.text('results.json'))).toMatchObject({
      status: 'passed',
      runId: 'abcd12',
      namespace: 'files-and-data-abcd12',
    });
    expect(stderr).toContain('results: /out/results.json');
  });

  it('exits 1 when a step failed', async () => {
    const { code } = await run(['conditions.yaml'], {
      behave: ({ script }) => ({ exitCode: script.includes('broken') ? 2 : 0 }),
    });
    expect(code).toBe(1);
  });

  it('exits 2 when a service cannot start', async () => {
    const { code, stderr } = await run(
      ['web-and-redis.yaml', '--manifests', 'manifests/web.json'],
      {
        missingImages: ['docker.io/library/redis:7'],
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('service redis-0 cannot start: ErrImageNeverPull');
  });

  it('exits 2 with the reason on bad input, before connecting', async () => {
    const cases: [string[], RegExp][] = [
      [[], /give at least one workflow file/],
      [
        ['files-and-data.yaml', '--keep-namespace', 'sometimes'],
        /--keep-namespace must be never, on-failure or always, not 'sometimes'/,
      ],
      [['files-and-data.yaml', '--timeout', 'soon'], /--timeout: 'soon' is not a duration/],
      [
        ['files-and-data.yaml', '--run-id', 'Bad_ID'],
        /--run-id 'Bad_ID' must be 4 to 20 lowercase letters and digits/,
      ],
      [['files-and-data.yaml', '--config', 'nope=1'], /unknown parameter 'nope'/],
      [['no-such.yaml'], /'no-such.yaml' matches no file/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, fake } = await run(args);
      expect([args, code]).toEqual([args, 2]);
      expect(stderr).toMatch(message);
      expect(fake.calls).toEqual([]);
    }
  });

  it('exits 2 when the cluster cannot be reached', async () => {
    const { code, stderr } = await run(
      ['files-and-data.yaml'],
      {},
      new Error('kubeconfig: none found'),
    );
    expect(code).toBe(2);
    expect(stderr).toBe('shakedown run: cannot connect to the cluster: kubeconfig: none found\n');
  });
});

describe('shakedown cleanup', () => {
  it('removes the namespaces of a run, and says when nothing is left', async () => {
    const fake = new FakeKube();
    await fake.createNamespace('demo-abcd12', {
      'app.kubernetes.io/managed-by': 'shakedown',
      'shakedown.dev/run-id': 'abcd12',
    });
    const { env, stderr } = environment(fake, new MemorySink());
    expect(await cleanupCommand(['--run-id', 'abcd12', '--run-id', 'zzzz99'], env)).toBe(0);
    expect(fake.deletedNamespaces).toEqual(['demo-abcd12']);
    expect(stderr()).toBe('run abcd12: removed namespace demo-abcd12\nrun zzzz99: nothing left\n');
  });

  it('removes labelled objects from an existing namespace', async () => {
    const fake = new FakeKube();
    const { env } = environment(fake, new MemorySink());
    expect(await cleanupCommand(['--run-id', 'abcd12', '--namespace', 'shared'], env)).toBe(0);
    expect(fake.calls).toEqual([
      'deleteCollection shared Deployment,StatefulSet,DaemonSet,ReplicaSet,Job,Secret,Pod,Service,ConfigMap app.kubernetes.io/managed-by=shakedown,shakedown.dev/run-id=abcd12',
    ]);
  });

  it('exits 2 without a valid run id', async () => {
    const { env, stderr } = environment(new FakeKube(), new MemorySink());
    expect(await cleanupCommand([], env)).toBe(2);
    expect(await cleanupCommand(['--run-id', '../x'], env)).toBe(2);
    expect(stderr()).toContain("--run-id '../x' must be 4 to 20 lowercase letters and digits.");
  });
});
