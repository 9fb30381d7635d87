// State shared by every part of one run: the cluster, time, output, console, the run's
// namespace, and its cancellation. The first reason to stop wins (a timeout that fires while a
// cancel is being handled does not relabel the run), and every wait in the run listens to the
// same signal, so one abort stops everything at once.
import { setMaxListeners } from 'node:events';
import type { Interruption } from '../../core/results/index.js';
import type { Clock } from '../../ports/clock.js';
import type { ImageConfigPort } from '../../ports/image-config.js';
import type { KubePort } from '../../ports/kube.js';
import type { OutputSink } from '../../ports/output-sink.js';
import type { Masker } from '../../core/secrets/masker.js';

export interface RunDeps {
  kube: KubePort;
  /** Reads image configs from registries, for steps that run their image's entrypoint. */
  images?: ImageConfigPort;
  clock: Clock;
  sink: OutputSink;
  /** One line of console output (progress and live logs), without the newline. */
  log(line: string): void;
  /**
   * Opens a collapsible console group (a GitLab job log section) and returns its closer; absent
   * where the console has no groups, and then the output is unchanged.
   */
  group?(title: string): () => void;
  /** The process's masker (CI tokens, kubeconfig credentials); the run adds its plan's secrets. */
  masker?: Masker;
}

export interface Interrupt {
  status: Interruption;
  message: string;
  reason?: string;
}

/** Thrown by waits when the run (or the part of it being waited for) was stopped. */
export class Stopped extends Error {
  constructor(readonly interrupt: Interrupt) {
    super(interrupt.message);
    this.name = 'Stopped';
  }
}

/** An error before or outside the tests that ends the run (bad input, no access, a service that cannot start). */
export class RunError extends Error {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

export class RunContext {
  private readonly controller = new AbortController();
  private stopped?: Interrupt;
  /** The run's start on the clock: results place things on the timeline relative to it. */
  origin = 0;

  constructor(
    readonly deps: RunDeps,
    readonly runId: string,
    readonly namespace: string,
    readonly masker: Masker,
  ) {
    // Every wait of the run listens to this one signal; dozens at once is normal, not a leak.
    setMaxListeners(0, this.controller.signal);
  }

  get kube(): KubePort {
    return this.deps.kube;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  get sink(): OutputSink {
    return this.deps.sink;
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get interruption(): Interrupt | undefined {
    return this.stopped;
  }

  log(line: string): void {
    this.deps.log(this.mask(line));
  }

  /** Opens a console group around what follows; call the result to close it. */
  group(title: string): () => void {
    return this.deps.group?.(this.mask(title)) ?? (() => {});
  }

  /** The run is over: stops whatever still follows logs or watches, without an interruption. */
  finish(): void {
    if (!this.controller.signal.aborted)
      this.controller.abort(new Stopped({ status: 'cancelled', message: 'the run ended' }));
  }

  /** Stops the run; the first interruption is the one reported. */
  stop(interrupt: Interrupt): void {
    if (this.stopped || this.controller.signal.aborted) return;
    this.stopped = interrupt;
    this.controller.abort(new Stopped(interrupt));
  }
}

/** The interruption behind an aborted signal, or a generic one. */
export function stopReason(signal: AbortSignal): Interrupt {
  const reason: unknown = signal.reason;
  if (reason instanceof Stopped) return reason.interrupt;
  return { status: 'cancelled', message: 'the run was cancelled' };
}

export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new Stopped(stopReason(signal));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
