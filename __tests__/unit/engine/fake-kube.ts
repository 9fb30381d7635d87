// An in-memory KubePort with a tiny kubelet: pods are "run" the way the real kubelet runs them
// (init containers one after another, the gate protocol through exec, termination messages,
// logs, a shared /data), so the engine's orchestration is tested without a cluster. What a
// step does is decided by the test's `behave` function from the step's script or argv.
import { pack } from 'tar-stream';
import { readTar } from '../../../src/app/run/collect-artifacts.js';
import {
  KubeError,
  type AccessNeed,
  type ExecResult,
  type Identity,
  type KubeObject,
  type KubePort,
  type WatchEvent,
} from '../../../src/ports/kube.js';

export interface StepRun {
  /** `shell` script or argv joined by spaces. */
  script: string;
  container: string;
  pod: string;
  env: Record<string, string>;
  /** The pod's files so far (what earlier steps, uploads and transfers put there). */
  files: ReadonlyMap<string, string>;
  /** When the gate opened (ms, Date.now()). */
  startedAt: number;
}

export interface StepBehaviour {
  exitCode?: number;
  logs?: string;
  /** Files written (absolute paths) — under /data they are shared with later steps. */
  files?: Record<string, string>;
  timedOut?: boolean;
  /** Never ends by itself (for cancel and timeout tests). */
  hang?: boolean;
}

export interface FakeOptions {
  behave?: (run: StepRun) => StepBehaviour;
  missingImages?: string[];
  /** Service images whose pods run but never become ready. */
  neverReady?: string[];
  missingAccess?: AccessNeed[];
  /** Watches of pods end with this error (as the port does after a refusal). */
  podWatchError?: KubeError;
  /** The first this many exec calls fail as if the connection dropped. */
  execFailures?: number;
  /** content.git clones fail with this message. */
  gitFails?: string;
  /** Pods created before this many attempts are refused, as right after a namespace is made. */
  serviceAccountDelay?: number;
  /** What listing Nodes answers (an error: refused). */
  nodes?: KubeObject[] | KubeError;
  /** Dry runs of pods answer with this refusal when it returns a message (the API's Invalid). */
  refuseDryRun?: (pod: KubeObject) => string | undefined;
}

interface Watcher {
  kind: string;
  namespace: string;
  selector?: string;
  push(event: WatchEvent): void;
}

interface PodSim {
  fs: Map<string, string>;
  gates: Map<string, string>;
  logs: Map<string, string>;
  wake?: () => void;
}

export class FakeKube implements KubePort {
  readonly objects = new Map<string, KubeObject>();
  readonly namespaces = new Map<string, Record<string, string>>();
  readonly deletedNamespaces: string[] = [];
  readonly calls: string[] = [];
  readonly execs: { pod: string; container: string; command: string[] }[] = [];
  /** Files a service held for its transfer had when it started, by pod name. */
  readonly services = new Map<string, Map<string, string>>();
  private readonly watchers = new Set<Watcher>();
  private readonly sims = new Map<string, PodSim>();
  private ip = 10;
  private refused = 0;

  constructor(private readonly options: FakeOptions = {}) {}

  async identity(): Promise<Identity> {
    return {
      serverVersion: 'v1.33.0',
      username: 'tester',
      context: 'fake',
      server: 'https://fake:6443',
    };
  }

  async missingAccess(needs: AccessNeed[]): Promise<AccessNeed[]> {
    const missing = this.options.missingAccess ?? [];
    return needs.filter((n) =>
      missing.some(
        (m) => m.verb === n.verb && m.resource === n.resource && m.subresource === n.subresource,
      ),
    );
  }

  async createNamespace(name: string, labels: Record<string, string>): Promise<void> {
    if (this.namespaces.has(name))
      throw new KubeError('AlreadyExists', `namespace ${name} already exists`, 409);
    this.calls.push(`createNamespace ${name}`);
    this.namespaces.set(name, labels);
  }

  async deleteNamespace(name: string): Promise<void> {
    this.calls.push(`deleteNamespace ${name}`);
    this.namespaces.delete(name);
    this.deletedNamespaces.push(name);
    for (const [key, o] of this.objects) if (o.metadata.namespace === name) this.remove(key);
  }

  async listNamespaces(labelSelector: string): Promise<KubeObject[]> {
    return [...this.namespaces]
      .filter(([, labels]) => matches(labels, labelSelector))
      .map(([name, labels]) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels },
      }));
  }

  async listNodes(): Promise<KubeObject[]> {
    this.calls.push('listNodes');
    if (this.options.nodes instanceof KubeError) throw this.options.nodes;
    return this.options.nodes ?? [];
  }

  async create(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeObject> {
    if (options.dryRun) {
      this.calls.push(`dry-run ${object.kind} ${object.metadata.name}`);
      const refusal = this.options.refuseDryRun?.(object);
      if (refusal) throw new KubeError('Invalid', refusal, 422);
      return structuredClone(object);
    }
    const key = keyOf(object.kind, object.metadata.namespace ?? '', object.metadata.name);
    if (this.objects.has(key))
      throw new KubeError(
        'AlreadyExists',
        `${object.kind} ${object.metadata.name} already exists`,
        409,
      );
    if (object.kind === 'Pod' && (this.options.serviceAccountDelay ?? 0) > this.refused) {
      this.refused++;
      throw new KubeError(
        'Forbidden',
        'pods is forbidden: error looking up service account x/default: serviceaccount "default" not found',
        403,
      );
    }
    const stored = structuredClone(object);
    this.calls.push(`create ${object.kind} ${object.metadata.name}`);
    this.set(stored, 'ADDED');
    if (object.kind === 'Pod') setImmediate(() => void this.runPod(stored));
    return stored;
  }

  async apply(objects: KubeObject[], namespace: string): Promise<KubeObject[]> {
    return objects.map((o) => {
      const stored = structuredClone({ ...o, metadata: { ...o.metadata, namespace } });
      this.calls.push(`apply ${o.kind} ${o.metadata.name}`);
      this.set(stored, 'ADDED');
      if (o.kind === 'Deployment') {
        const replicas = (o.spec as { replicas?: number }).replicas ?? 1;
        setImmediate(() =>
          this.set(
            {
              ...stored,
              status: {
                observedGeneration: 1,
                updatedReplicas: replicas,
                availableReplicas: replicas,
              },
            },
            'MODIFIED',
          ),
        );
      }
      return stored;
    });
  }

  async get(
    _apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined> {
    return this.objects.get(keyOf(kind, namespace, name));
  }

  async deleteCollection(
    namespace: string,
    kinds: { apiVersion: string; kind: string }[],
    labelSelector: string,
  ): Promise<void> {
    this.calls.push(
      `deleteCollection ${namespace} ${kinds.map((k) => k.kind).join(',')} ${labelSelector}`,
    );
    for (const [key, o] of this.objects) {
      if (
        o.metadata.namespace === namespace &&
        kinds.some((k) => k.kind === o.kind) &&
        matches(o.metadata.labels ?? {}, labelSelector)
      )
        this.remove(key);
    }
  }

  watch(
    _apiVersion: string,
    kind: string,
    namespace: string,
    selector: string | undefined,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent> {
    const queue: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    const watcher: Watcher = { kind, namespace, selector, push: (e) => (queue.push(e), wake?.()) };
    if (kind === 'Pod' && this.options.podWatchError) {
      const error = this.options.podWatchError;
      return (async function* () {
        yield { type: 'ERROR' as const, error };
      })();
    }
    for (const o of this.objects.values())
      if (this.sees(watcher, o)) queue.push({ type: 'ADDED', object: structuredClone(o) });
    this.watchers.add(watcher);
    const watchers = this.watchers;
    signal.addEventListener('abort', () => wake?.(), { once: true });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          while (!signal.aborted) {
            if (queue.length === 0) {
              await new Promise<void>((resolve) => (wake = resolve));
              wake = undefined;
              continue;
            }
            yield queue.shift()!;
          }
        } finally {
          watchers.delete(watcher);
        }
      },
    };
  }

  async exec(
    _namespace: string,
    pod: string,
    container: string,
    given: string[],
    stdin?: Buffer,
  ): Promise<ExecResult> {
    this.execs.push({ pod, container, command: given });
    // `busybox timeout N <command>` runs the command.
    const command = given[1] === 'timeout' ? given.slice(3) : given;
    if ((this.options.execFailures ?? 0) >= this.execs.length) {
      throw new KubeError('Unavailable', 'exec: connection reset by peer');
    }
    const sim = this.sims.get(pod);
    if (!sim) throw new KubeError('NotFound', `pod ${pod} not found`, 404);
    const script = command[3] ?? '';
    if (command[4] === 'gate') {
      sim.gates.set(container, command[5]!);
      sim.wake?.();
      return { exitCode: 0, stdout: Buffer.alloc(0), stderr: '' };
    }
    if (command[1] === 'tar' && command[2] === '-xf' && stdin) {
      for (const entry of await readTar(stdin))
        sim.fs.set(`${command[5]}/${entry.name}`, entry.data.toString());
      return { exitCode: 0, stdout: Buffer.alloc(0), stderr: '' };
    }
    if (command[4] === 'unpack' && stdin) {
      for (const entry of await readTar(stdin))
        sim.fs.set(`${command[5]}/${entry.name}`, entry.data.toString());
      return { exitCode: 0, stdout: Buffer.alloc(0), stderr: '' };
    }
    if (command[4] === 'archive')
      return { exitCode: 0, stdout: await tarOf(sim.fs, command.slice(5)), stderr: '' };
    throw new Error(`fake exec does not know ${script}`);
  }

  async followLogs(
    _namespace: string,
    pod: string,
    container: string,
    onChunk: (text: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const sim = this.sims.get(pod);
    for (;;) {
      const text = sim?.logs.get(container);
      if (text !== undefined) {
        // Split anywhere, as a real stream does.
        const mid = Math.floor(text.length / 2);
        if (text.slice(0, mid)) onChunk(text.slice(0, mid));
        if (text.slice(mid)) onChunk(text.slice(mid));
        return;
      }
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async events(): Promise<{ reason: string; message: string; type: string }[]> {
    return [
      {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Readiness probe failed: connection refused',
      },
    ];
  }

  /** Objects of the run still present (what cleanup must remove). */
  leftovers(runId: string): KubeObject[] {
    return [...this.objects.values()].filter(
      (o) => o.metadata.labels?.['shakedown.dev/run-id'] === runId,
    );
  }

  private sees(w: Watcher, o: KubeObject): boolean {
    return (
      o.kind === w.kind &&
      o.metadata.namespace === w.namespace &&
      (!w.selector || matches(o.metadata.labels ?? {}, w.selector))
    );
  }

  private set(object: KubeObject, type: 'ADDED' | 'MODIFIED'): void {
    const key = keyOf(object.kind, object.metadata.namespace ?? '', object.metadata.name);
    if (type === 'MODIFIED' && !this.objects.has(key)) return;
    this.objects.set(key, object);
    for (const w of this.watchers)
      if (this.sees(w, object)) w.push({ type, object: structuredClone(object) });
  }

  private remove(key: string): void {
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    const sim = this.sims.get(object.metadata.name);
    if (object.kind === 'Pod' && sim) {
      this.sims.delete(object.metadata.name);
      sim.wake?.();
    }
    for (const w of this.watchers) if (this.sees(w, object)) w.push({ type: 'DELETED', object });
  }

  private update(pod: KubeObject, status: Record<string, unknown>): boolean {
    const key = keyOf('Pod', pod.metadata.namespace ?? '', pod.metadata.name);
    const current = this.objects.get(key);
    if (!current) return false;
    this.set({ ...current, status: { ...(current.status as object), ...status } }, 'MODIFIED');
    return true;
  }

  private async runPod(pod: KubeObject): Promise<void> {
    const spec = pod.spec as { initContainers?: Container[]; containers: Container[] };
    const sim: PodSim = { fs: new Map(), gates: new Map(), logs: new Map() };
    this.sims.set(pod.metadata.name, sim);
    const podIP = `10.1.0.${this.ip++}`;
    if (!spec.initContainers) return this.runService(pod, spec.containers[0]!, podIP);
    if (spec.initContainers[0]!.name === 'shakedown-transfer') {
      // A service held for its transfer: running in its init container until the gate opens.
      const held = { name: 'shakedown-transfer', state: { running: {} } };
      if (!this.update(pod, { phase: 'Pending', podIP, initContainerStatuses: [held] })) return;
      if ((await this.gate(sim, 'shakedown-transfer')) === undefined) return;
      this.services.set(pod.metadata.name, new Map(sim.fs));
      return this.runService(pod, spec.containers[0]!, podIP);
    }
    const init: Record<string, unknown>[] = spec.initContainers.map((c) => ({
      name: c.name,
      state: { waiting: { reason: 'PodInitializing' } },
    }));
    const main: Record<string, unknown>[] = spec.containers.map((c) => ({
      name: c.name,
      state: { waiting: { reason: 'PodInitializing' } },
    }));
    const publish = () =>
      this.update(pod, {
        phase: 'Pending',
        podIP,
        initContainerStatuses: structuredClone(init),
        containerStatuses: structuredClone(main),
      });
    if (!publish()) return;
    const all = [...spec.initContainers, ...spec.containers];
    for (const [i, c] of all.entries()) {
      const status = i < init.length ? init[i]! : main[i - init.length]!;
      if (this.options.missingImages?.includes(c.image)) {
        status.state = {
          waiting: {
            reason: 'ErrImageNeverPull',
            message: `image "${c.image}" is not present with pull policy of Never`,
          },
        };
        publish();
        return;
      }
      if (c.name === 'shakedown-setup') {
        status.state = { terminated: { exitCode: 0, reason: 'Completed' } };
        continue;
      }
      if (c.name.startsWith('shakedown-git-')) {
        const failure = this.options.gitFails;
        sim.logs.set(c.name, failure ? `${failure}\n` : 'cloned\n');
        status.state = {
          terminated: { exitCode: failure ? 128 : 0, reason: failure ? 'Error' : 'Completed' },
        };
        if (!failure) continue;
        this.update(pod, { phase: 'Failed', initContainerStatuses: structuredClone(init) });
        return;
      }
      status.state = { running: {} };
      if (!publish()) return;
      const decision = await this.gate(sim, c.name);
      if (decision === undefined) return;
      if (c.name === 'shakedown-finish') {
        status.state = { terminated: { exitCode: 0, reason: 'Completed' } };
        this.update(pod, {
          phase: 'Succeeded',
          containerStatuses: structuredClone(main),
          initContainerStatuses: structuredClone(init),
        });
        return;
      }
      let message = '{"exitCode":0,"timedOut":false,"skipped":true}';
      if (decision === 'run') {
        const args = c.command ?? [];
        const mode = args[8];
        const script = mode === 'shell' ? args[9]! : args.slice(9).join(' ');
        const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? '']));
        const b =
          this.options.behave?.({
            script,
            container: c.name,
            pod: pod.metadata.name,
            env,
            files: sim.fs,
            startedAt: Date.now(),
          }) ?? {};
        if (b.hang) {
          await new Promise<void>((resolve) => (sim.wake = resolve));
          return;
        }
        for (const [path, text] of Object.entries(b.files ?? {})) {
          // The wrapper copies private artifact directories into /.shakedown/artifacts/<container>.
          const bases = (args[7] ?? '').split('\n').filter(Boolean);
          const privateBase = bases.find((base) => path.startsWith(`${base}/`));
          sim.fs.set(privateBase ? `/.shakedown/artifacts/${c.name}${path}` : path, text);
        }
        sim.logs.set(c.name, b.logs ?? '');
        message = JSON.stringify({
          exitCode: b.exitCode ?? 0,
          timedOut: b.timedOut ?? false,
          skipped: false,
          startCs: 100,
          endCs: 103,
        });
      }
      status.state = { terminated: { exitCode: 0, reason: 'Completed', message } };
    }
  }

  private async runService(pod: KubeObject, c: Container, podIP: string): Promise<void> {
    const name = pod.metadata.name;
    if (this.options.missingImages?.includes(c.image)) {
      this.update(pod, {
        phase: 'Pending',
        containerStatuses: [
          {
            name: c.name,
            state: {
              waiting: {
                reason: 'ErrImageNeverPull',
                message: `image "${c.image}" is not present`,
              },
            },
          },
        ],
      });
      return;
    }
    const ready = !this.options.neverReady?.includes(c.image);
    this.sims.get(name)!.logs.set(c.name, `${c.image} started\n`);
    this.update(pod, {
      phase: 'Running',
      podIP,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: c.name, ready, state: { running: {} } }],
    });
  }

  private async gate(sim: PodSim, container: string): Promise<string | undefined> {
    for (;;) {
      const decision = sim.gates.get(container);
      if (decision) return decision;
      if (![...this.sims.values()].includes(sim)) return undefined;
      await new Promise<void>((resolve) => (sim.wake = resolve));
    }
  }
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string }[];
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function matches(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels[k!] === v;
  });
}

async function tarOf(fs: Map<string, string>, paths: string[]): Promise<Buffer> {
  const archive = pack();
  for (const [path, text] of fs) {
    const rel = path.replace(/^\//, '');
    if (paths.some((p) => rel === p || rel.startsWith(`${p}/`))) archive.entry({ name: rel }, text);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
