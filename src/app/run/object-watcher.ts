// One watch per kind for the whole run, shared by everyone waiting on objects of that kind.
// The port's watch resumes and relists by itself; this keeps the latest state of each object
// and wakes the waiters whose condition it may have changed. No polling.
import type { KubeError, KubeObject, KubePort } from '../../ports/kube.js';
import type { Clock } from '../../ports/clock.js';
import { errorMessage, RunError, Stopped, stopReason } from './run-context.js';

export interface ObjectState {
  object?: KubeObject;
  deleted: boolean;
}

/** Thrown by `waitFor` when its timeout passes first. */
export class WaitTimeout extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: not done after ${Math.round(timeoutMs / 1000)}s`);
    this.name = 'WaitTimeout';
  }
}

type Listener = () => void;

/** Errors the port's watch does not retry (it yields them and ends). */
const FATAL_KINDS = new Set(['Forbidden', 'Unauthorized', 'NotFound', 'Invalid']);

export class ObjectWatcher {
  private readonly objects = new Map<string, ObjectState>();
  private readonly listeners = new Set<Listener>();
  private readonly controller = new AbortController();
  private running?: Promise<void>;
  private lastError?: string;
  /** An error no retry can fix (Forbidden, Unauthorized…): waits on this watcher fail with it. */
  fatal?: KubeError;

  constructor(
    private readonly kube: KubePort,
    private readonly clock: Clock,
    readonly apiVersion: string,
    readonly kind: string,
    private readonly namespace: string,
    private readonly selector: string | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  state(name: string): ObjectState {
    return this.objects.get(name) ?? { deleted: false };
  }

  all(): KubeObject[] {
    return [...this.objects.values()].flatMap((s) => (s.object && !s.deleted ? [s.object] : []));
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first non-undefined value of `test` over the object's states (the
   * current one included). Rejects with Stopped when `signal` aborts, WaitTimeout after
   * `timeoutMs`, or whatever `test` throws.
   */
  waitFor<T>(
    name: string,
    test: (state: ObjectState) => T | undefined,
    options: { signal: AbortSignal; timeoutMs?: number; what: string },
  ): Promise<T> {
    return waitUntil([this], () => test(this.state(name)), this.clock, options);
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      try {
        for await (const event of this.kube.watch(
          this.apiVersion,
          this.kind,
          this.namespace,
          this.selector,
          signal,
        )) {
          if (event.type === 'ERROR' && FATAL_KINDS.has(event.error.kind)) {
            this.fatal = event.error;
            this.notify();
            return;
          }
          if (event.type === 'ERROR') {
            // The port resumes by itself; say so once per distinct problem.
            if (event.error.message !== this.lastError)
              this.warn(`watch ${this.kind}: ${event.error.message}`);
            this.lastError = event.error.message;
            continue;
          }
          this.objects.set(event.object.metadata.name, {
            object: event.object,
            deleted: event.type === 'DELETED',
          });
          this.notify();
        }
      } catch (error) {
        if (signal.aborted) break;
        this.warn(`watch ${this.kind} stopped: ${errorMessage(error)}; starting again`);
      }
      // A stream that ends while we still need it is opened again after a short pause.
      if (!signal.aborted) await this.clock.sleep(1000, signal);
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Waits until `check` returns a value, re-checking whenever one of the watchers changes. */
export function waitUntil<T>(
  watchers: ObjectWatcher[],
  check: () => T | undefined,
  clock: Clock,
  options: { signal: AbortSignal; timeoutMs?: number; what: string },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = new AbortController();
    const unsubscribe: (() => void)[] = [];
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe.forEach((u) => u());
      options.signal.removeEventListener('abort', onAbort);
      timer.abort();
      action();
    };
    const evaluate = () => {
      if (settled) return;
      try {
        const broken = watchers.find((w) => w.fatal);
        if (broken)
          throw new RunError(
            `cannot watch ${broken.kind} objects: ${broken.fatal!.message}`,
            broken.fatal!.kind,
          );
        const value = check();
        if (value !== undefined) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const onAbort = () => finish(() => reject(new Stopped(stopReason(options.signal))));
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort);
    for (const w of watchers) unsubscribe.push(w.subscribe(evaluate));
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      void clock.sleep(ms, timer.signal).then(() => {
        if (!timer.signal.aborted) finish(() => reject(new WaitTimeout(options.what, ms)));
      });
    }
    evaluate();
  });
}
