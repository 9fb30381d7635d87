import type { ServerResponse } from 'node:http';
import { ClientNodeKube } from '../../../../src/adapters/kubernetes/client-node-kube.js';
import { LogLines, sinceTimeOf, toStamp } from '../../../../src/adapters/kubernetes/log-lines.js';
import { containerPhase } from '../../../../src/adapters/kubernetes/logs.js';
import { CORE_RESOURCES, FakeApi, json, status, watchLines } from './fake-api.js';

describe('LogLines', () => {
  it('strips kubelet timestamps, joins lines split across chunks and flushes a last partial line', () => {
    const out: string[] = [];
    const lines = new LogLines((text) => out.push(text));
    lines.push('2025-01-02T03:04:05.000000001Z first\n2025-01-02T03:04:05.5Z sec');
    lines.push('ond\n2025-01-02T03:04:06Z no newline');
    lines.flush();
    expect(out).toEqual(['first\n', 'second\n', 'no newline']);
    expect(lines.last).toBe('2025-01-02T03:04:06.000000000');
  });

  it('drops what a resumed stream repeats, and a dropped half line is taken whole from the new stream', () => {
    const out: string[] = [];
    const lines = new LogLines((text) => out.push(text));
    lines.push('2025-01-02T03:04:05.1Z a\n2025-01-02T03:04:05.2Z b\n2025-01-02T03:04:05.3Z hal');
    lines.restart();
    // sinceTime has whole seconds: the server sends the whole second again.
    lines.push(
      '2025-01-02T03:04:05.1Z a\n2025-01-02T03:04:05.2Z b\n2025-01-02T03:04:05.3Z half\n2025-01-02T03:04:06Z c\n',
    );
    expect(out).toEqual(['a\n', 'b\n', 'half\n', 'c\n']);
  });

  it('passes lines without a timestamp through', () => {
    const out: string[] = [];
    const lines = new LogLines((text) => out.push(text));
    lines.push('plain line\n');
    expect(out).toEqual(['plain line\n']);
  });

  it('turns timestamps into comparable stamps and whole-second sinceTime values', () => {
    expect(toStamp('2025-01-02T03:04:05.12Z')).toBe('2025-01-02T03:04:05.120000000');
    expect(toStamp('2025-01-02T03:04:05Z')! < toStamp('2025-01-02T03:04:05.000000001Z')!).toBe(
      true,
    );
    expect(toStamp('yesterday')).toBeUndefined();
    expect(sinceTimeOf('2025-01-02T03:04:05.120000000')).toBe('2025-01-02T03:04:05Z');
  });
});

const podWith = (state: Record<string, unknown> | undefined, phase = 'Running') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', resourceVersion: '1' },
  spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'main' }] },
  status: { phase, containerStatuses: state ? [{ name: 'main', state }] : [] },
});

describe('containerPhase', () => {
  it('tells whether a container has started, finished, will never start, or is not in the pod', () => {
    expect(containerPhase(podWith({ running: {} }), 'main')).toBe('running');
    expect(containerPhase(podWith({ terminated: {} }), 'main')).toBe('terminated');
    expect(containerPhase(podWith({ waiting: {} }, 'Pending'), 'main')).toBe('pending');
    expect(containerPhase(podWith(undefined, 'Failed'), 'main')).toBe('never');
    expect(containerPhase(undefined, 'main')).toBe('gone');
    expect(() => containerPhase(podWith(undefined), 'other')).toThrow(
      "pod 'p' has no container 'other' (containers: init, main)",
    );
  });
});

describe('followLogs', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.stop());

  it('waits for the container to start, survives a dropped stream, and ends with the container', async () => {
    const pods = [
      podWith({ waiting: { reason: 'ContainerCreating' } }, 'Pending'),
      podWith({ running: {} }),
      podWith({ terminated: {} }, 'Succeeded'),
    ];
    const logs: ((res: ServerResponse) => void)[] = [
      (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('2025-01-02T03:04:05.1Z one\n2025-01-02T03:04:05.2Z tw');
        setTimeout(() => res.destroy(), 20); // the connection drops mid-line
      },
      (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(
          '2025-01-02T03:04:05.1Z one\n2025-01-02T03:04:05.2Z two\n2025-01-02T03:04:07Z three\n',
        );
      },
    ];
    api = new FakeApi([
      [/^GET \/api\/v1$/, (_, res) => json(res, 200, CORE_RESOURCES)],
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods\/p$/,
        (_, res) => json(res, 200, pods.length > 1 ? pods.shift() : pods[0]),
      ],
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods$/,
        (req, res) =>
          req.query.get('watch')
            ? watchLines(res, [{ type: 'MODIFIED', object: podWith({ running: {} }) }], false)
            : json(res, 200, {
                metadata: { resourceVersion: '1' },
                items: [podWith({}, 'Pending')],
              }),
      ],
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods\/p\/log$/,
        (_, res) =>
          (logs.shift() ?? ((r: ServerResponse) => status(r, 404, 'NotFound', 'gone')))(res),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    let text = '';
    await kube.followLogs(
      'ns',
      'p',
      'main',
      (chunk) => (text += chunk),
      new AbortController().signal,
    );
    expect(text).toBe('one\ntwo\nthree\n');
    const logRequests = api.sent(/\/log$/);
    expect(
      logRequests.map((r) => [
        r.query.get('follow'),
        r.query.get('timestamps'),
        r.query.get('sinceTime'),
      ]),
    ).toEqual([
      ['true', 'true', null],
      ['true', 'true', '2025-01-02T03:04:05Z'],
    ]);
    // It waited through a watch on that one pod, not by polling.
    expect(api.sent(/\/pods$/).map((r) => r.query.get('fieldSelector'))).toContain(
      'metadata.name=p',
    );
  });

  it('returns at once for a pod that does not exist and names a container that does not', async () => {
    api = new FakeApi([
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods\/gone$/,
        (_, res) => status(res, 404, 'NotFound', 'pods "gone" not found'),
      ],
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods\/p$/,
        (_, res) => json(res, 200, podWith({ running: {} })),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    await expect(
      kube.followLogs('ns', 'gone', 'main', () => undefined, new AbortController().signal),
    ).resolves.toBeUndefined();
    await expect(
      kube.followLogs('ns', 'p', 'nope', () => undefined, new AbortController().signal),
    ).rejects.toMatchObject({ kind: 'Invalid' });
  });
});
