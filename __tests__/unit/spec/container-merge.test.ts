import { dedupeEnv, mergeContainer } from '../../../src/core/spec/container-merge.js';

describe('mergeContainer (Testkube MergeContainerConfig)', () => {
  it('replaces scalars set by the layer and keeps the others', () => {
    const merged = mergeContainer(
      { image: 'node:20', workingDir: '/data', imagePullPolicy: 'IfNotPresent' },
      { workingDir: '/data/app' },
    );
    expect(merged).toEqual({
      image: 'node:20',
      workingDir: '/data/app',
      imagePullPolicy: 'IfNotPresent',
    });
  });

  it('resets command and args when the layer sets a new image', () => {
    const merged = mergeContainer({ image: 'a', command: ['x'], args: ['y'] }, { image: 'b' });
    expect(merged).toEqual({ image: 'b' });
  });

  it('replaces args with a new command, and args alone', () => {
    expect(mergeContainer({ command: ['x'], args: ['y'] }, { command: ['z'] })).toEqual({
      command: ['z'],
    });
    expect(mergeContainer({ command: ['x'], args: ['y'] }, { args: ['w'] })).toEqual({
      command: ['x'],
      args: ['w'],
    });
  });

  it('merges env by name, the last definition winning at its own position', () => {
    const merged = mergeContainer(
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      {
        env: [
          { name: 'A', value: '3' },
          { name: 'C', value: '4' },
        ],
      },
    );
    expect(merged.env).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '3' },
      { name: 'C', value: '4' },
    ]);
  });

  it('appends envFrom and volumeMounts', () => {
    const merged = mergeContainer(
      { envFrom: [{ secretRef: { name: 'a' } }], volumeMounts: [{ name: 'v1', mountPath: '/a' }] },
      {
        envFrom: [{ configMapRef: { name: 'b' } }],
        volumeMounts: [{ name: 'v2', mountPath: '/b' }],
      },
    );
    expect(merged.envFrom).toHaveLength(2);
    expect(merged.volumeMounts).toEqual([
      { name: 'v1', mountPath: '/a' },
      { name: 'v2', mountPath: '/b' },
    ]);
  });

  it('merges resources key by key', () => {
    const merged = mergeContainer(
      { resources: { requests: { cpu: '100m', memory: '64Mi' } } },
      { resources: { requests: { cpu: '1' }, limits: { memory: '1Gi' } } },
    );
    expect(merged.resources).toEqual({
      requests: { cpu: '1', memory: '64Mi' },
      limits: { memory: '1Gi' },
    });
  });

  it('merges securityContext fields and appends capabilities', () => {
    const merged = mergeContainer(
      { securityContext: { runAsUser: 1000, capabilities: { drop: ['ALL'] } } },
      {
        securityContext: {
          runAsNonRoot: true,
          capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] },
        },
      },
    );
    expect(merged.securityContext).toEqual({
      runAsUser: 1000,
      runAsNonRoot: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL', 'MKNOD'] },
    });
  });

  it('does not change its inputs', () => {
    const base = { image: 'a', env: [{ name: 'A', value: '1' }] };
    mergeContainer(base, { image: 'b', env: [{ name: 'A', value: '2' }] });
    expect(base).toEqual({ image: 'a', env: [{ name: 'A', value: '1' }] });
  });

  it('handles missing layers', () => {
    expect(mergeContainer(undefined, { image: 'a' })).toEqual({ image: 'a' });
    expect(mergeContainer({ image: 'a' }, undefined)).toEqual({ image: 'a' });
  });
});

describe('dedupeEnv', () => {
  it('keeps the last of each name', () => {
    expect(
      dedupeEnv([
        { name: 'X', value: '1' },
        { name: 'X', value: '2' },
      ]),
    ).toEqual([{ name: 'X', value: '2' }]);
  });
});
