import type { ServerResponse } from 'node:http';
import { ClientNodeKube } from '../../../../src/adapters/kubernetes/client-node-kube.js';
import type { WatchTiming } from '../../../../src/adapters/kubernetes/watch.js';
import type { WatchEvent } from '../../../../src/ports/kube.js';
import {
  CORE_RESOURCES,
  FakeApi,
  eventually,
  json,
  status,
  watchLines,
  type Recorded,
} from './fake-api.js';

const FAST: WatchTiming = { serverTimeoutSeconds: 25, backoffMs: 5, maxBackoffMs: 20 };
const cm = (name: string, rv: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: 'ns', resourceVersion: rv },
  data: extra,
});
const summary = (e: WatchEvent) =>
  e.type === 'ERROR'
    ? `ERROR ${e.error.kind}`
    : `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

/** Serves lists and watches of ConfigMaps from scripts: each request takes the next entry. */
function configMapApi(
  lists: ((res: ServerResponse) => void)[],
  watches: ((res: ServerResponse, req: Recorded) => void)[],
) {
  return new FakeApi([
    [/^GET \/api\/v1$/, (_, res) => json(res, 200, CORE_RESOURCES)],
    [
      /^GET \/api\/v1\/namespaces\/ns\/configmaps$/,
      (req, res) => {
        const next = req.query.get('watch') === 'true' ? watches.shift() : lists.shift();
        if (next) next(res, req);
        else watchLines(res, [], false); // hold the stream open until the client aborts
      },
    ],
  ]);
}

async function collect(
  kube: ClientNodeKube,
  until: (events: WatchEvent[]) => boolean,
  signal = new AbortController(),
) {
  const events: WatchEvent[] = [];
  for await (const event of kube.watch('v1', 'ConfigMap', 'ns', 'app=x', signal.signal)) {
    events.push(event);
    if (until(events)) break;
  }
  return events;
}

describe('watch', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.stop());

  it('lists, watches from the list, resumes from the last resourceVersion, relists after 410 and reports what vanished', async () => {
    api = configMapApi(
      [
        (res) => json(res, 200, { metadata: { resourceVersion: '10' }, items: [cm('a', '10')] }),
        (res) => json(res, 200, { metadata: { resourceVersion: '20' }, items: [cm('b', '20')] }),
      ],
      [
        (res) =>
          watchLines(res, [
            { type: 'MODIFIED', object: cm('a', '11') },
            { type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } },
          ]),
        (res) =>
          watchLines(res, [
            {
              type: 'ERROR',
              object: {
                kind: 'Status',
                code: 410,
                reason: 'Expired',
                message: 'too old resource version',
              },
            },
          ]),
        (res) => watchLines(res, [{ type: 'ADDED', object: cm('c', '21') }], false),
      ],
    );
    const kube = new ClientNodeKube(await api.start(), FAST);
    const events = await collect(kube, (seen) =>
      seen.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'c'),
    );
    expect(events.map(summary)).toEqual([
      'ADDED a@10',
      'MODIFIED a@11',
      'DELETED a@11',
      'ADDED b@20',
      'ADDED c@21',
    ]);
    expect(events[0].type !== 'ERROR' && events[0].object).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
    const watches = api.sent(/configmaps$/).filter((r) => r.query.get('watch') === 'true');
    expect(watches.map((r) => r.query.get('resourceVersion'))).toEqual(['10', '12', '20']);
    expect(
      watches.every(
        (r) =>
          r.query.get('labelSelector') === 'app=x' && r.query.get('allowWatchBookmarks') === 'true',
      ),
    ).toBe(true);
    expect(api.sent(/configmaps$/).filter((r) => r.query.get('watch') !== 'true')).toHaveLength(2);
  });

  it('yields a failed (re)connection as an error value and keeps going', async () => {
    api = configMapApi(
      [(res) => json(res, 200, { metadata: { resourceVersion: '5' }, items: [] })],
      [
        (res) => status(res, 503, 'ServiceUnavailable', 'apiserver is shutting down'),
        (res) => watchLines(res, [{ type: 'ADDED', object: cm('a', '6') }], false),
      ],
    );
    const kube = new ClientNodeKube(await api.start(), FAST);
    const events = await collect(kube, (seen) => seen.length === 2);
    expect(events.map(summary)).toEqual(['ERROR Unavailable', 'ADDED a@6']);
    expect(events[0].type === 'ERROR' && events[0].error.message).toContain(
      'watch ConfigMap in namespace',
    );
  });

  it('ends after an error that retrying cannot fix', async () => {
    api = configMapApi(
      [(res) => status(res, 403, 'Forbidden', 'configmaps is forbidden: User "ci" cannot list')],
      [],
    );
    const kube = new ClientNodeKube(await api.start(), FAST);
    const events = await collect(kube, () => false);
    expect(events.map(summary)).toEqual(['ERROR Forbidden']);
    expect(events[0].type === 'ERROR' && events[0].error.message).toContain('cannot list');
  });

  it('closes the stream when the signal aborts', async () => {
    let closed = false;
    api = configMapApi(
      [(res) => json(res, 200, { metadata: { resourceVersion: '1' }, items: [cm('a', '1')] })],
      [
        (res) => {
          watchLines(res, [], false);
          res.on('close', () => (closed = true));
        },
      ],
    );
    const kube = new ClientNodeKube(await api.start(), FAST);
    const controller = new AbortController();
    const events = await collect(
      kube,
      () => {
        setTimeout(() => controller.abort(), 50);
        return false;
      },
      controller,
    );
    expect(events.map(summary)).toEqual(['ADDED a@1']);
    await eventually(() => closed);
  });

  it('closes the stream when the consumer stops iterating', async () => {
    let closed = false;
    api = configMapApi(
      [(res) => json(res, 200, { metadata: { resourceVersion: '1' }, items: [] })],
      [
        (res) => {
          watchLines(res, [{ type: 'ADDED', object: cm('a', '2') }], false);
          res.on('close', () => (closed = true));
        },
      ],
    );
    const kube = new ClientNodeKube(await api.start(), FAST);
    await collect(kube, () => true);
    await eventually(() => closed);
  });
});
