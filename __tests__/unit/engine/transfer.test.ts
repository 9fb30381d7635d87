// The pure side of moving files between pods: what is archived, where entries land, and which
// directories get a volume of their own.
import { describe, expect, it } from '@jest/globals';
import { buildServiceInstance } from '../../../src/core/engine/service-objects.js';
import {
  fetchMounts,
  renderTransfers,
  transferMounts,
  transferPatterns,
  transferSources,
  transferTarget,
  type Transfer,
} from '../../../src/core/engine/transfer.js';
import { archiveCommand, unpackCommand, withTimeout } from '../../../src/core/engine/wrapper.js';
import { service } from './plan-fixtures.js';

const t = (over: Partial<Transfer> = {}): Transfer => ({
  from: '/data/build',
  to: '/app',
  files: ['**/*'],
  ...over,
});

describe('transfers', () => {
  it('renders templates and starts relative paths at /data', () => {
    const [r] = renderTransfers(
      [{ from: 'build', to: 'out/{{ index }}', files: ['{{ matrix.kind }}/*.js'] }],
      { index: 2, matrix: { kind: 'lib' } },
      'spec.steps[0].parallel.transfer',
    );
    expect(r).toEqual({ from: '/data/build', to: '/data/out/2', files: ['lib/*.js'] });
    expect(() =>
      renderTransfers([{ from: '/data', to: '/x', files: ['../etc/*'] }], {}, 'p.transfer'),
    ).toThrow("p.transfer[0].files[0]: '../etc/*' may not climb out of '/data'");
  });

  it('archives each base once and re-roots matching entries at to', () => {
    const transfer = t({ files: ['**/*.txt', 'run.sh', 'lib/**'] });
    expect(transferSources(transfer)).toEqual(['/data/build']);
    const patterns = transferPatterns(transfer);
    const target = (entry: string) => transferTarget(entry, transfer, patterns);
    expect(target('data/build/a.txt')).toBe('a.txt');
    expect(target('data/build/sub/b.txt')).toBe('sub/b.txt');
    expect(target('data/build/run.sh')).toBe('run.sh');
    expect(target('data/build/lib/x/y.js')).toBe('lib/x/y.js');
    expect(target('data/build/skip.log')).toBeUndefined();
    expect(target('data/other/a.txt')).toBeUndefined();
  });

  it('gives a volume to a to on none, and refuses mount: false there', () => {
    expect(transferMounts([t(), t({ to: '/app/sub' }), t({ to: '/data/x' })], [], 'p')).toEqual([
      '/app',
    ]);
    expect(transferMounts([t({ to: '/data/x', mount: true })], [], 'p')).toEqual(['/data/x']);
    expect(transferMounts([t({ to: '/cache/x' })], ['/cache'], 'p')).toEqual([]);
    expect(() => transferMounts([t({ mount: false })], [], 'p')).toThrow(
      "p[0].to: '/app' is on no volume of the pod, and mount is false",
    );
    expect(fetchMounts([t({ from: '/reports' }), t({ from: '/data/r' })], [])).toEqual([
      '/reports',
    ]);
  });

  it('bounds archives and exec time in the pod', () => {
    const command = withTimeout(archiveCommand(['/data/x'], 1024), 600);
    expect(command.slice(0, 3)).toEqual(['/.shakedown/bin/busybox', 'timeout', '600']);
    expect(command[6]).toContain('head -c 1025');
    expect(unpackCommand('/app')).toEqual([
      '/.shakedown/bin/busybox',
      'sh',
      '-c',
      '"/.shakedown/bin/busybox" mkdir -p "$1" && exec "/.shakedown/bin/busybox" tar -xf - -C "$1"',
      'unpack',
      '/app',
    ]);
  });
});

describe('a service with transfer', () => {
  it('waits in an init container, with a volume at each to (a service has no /data)', () => {
    const db = service('db');
    db.instances[0]!.transfer = [{ from: '/data/seed', to: '/data/seed', files: ['**/*'] }];
    const objects = buildServiceInstance(db, db.instances[0]!, {
      namespace: 'ns',
      runId: 'r1',
      labels: {},
      vars: {},
      activeDeadlineSeconds: 60,
      toolboxImage: 'busybox:1.36',
    });
    expect(objects.transfers).toEqual([{ from: '/data/seed', to: '/data/seed', files: ['**/*'] }]);
    const spec = objects.pod.spec as {
      volumes: unknown[];
      initContainers: { name: string; image: string; volumeMounts: unknown[] }[];
      containers: { volumeMounts: unknown[] }[];
    };
    expect(spec.volumes).toEqual([
      { name: 'shakedown', emptyDir: {} },
      { name: 'shared-0', emptyDir: {} },
    ]);
    expect(spec.initContainers.map((c) => [c.name, c.image])).toEqual([
      ['shakedown-transfer', 'busybox:1.36'],
    ]);
    expect(spec.containers[0]!.volumeMounts).toEqual([
      { name: 'shared-0', mountPath: '/data/seed' },
    ]);
    const plain = buildServiceInstance(service('db'), service('db').instances[0]!, {
      namespace: 'ns',
      runId: 'r1',
      labels: {},
      vars: {},
      activeDeadlineSeconds: 60,
    });
    expect((plain.pod.spec as { initContainers?: unknown }).initContainers).toBeUndefined();
  });
});
