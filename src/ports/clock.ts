// Time for the app layer: what the run reads as "now" and how it waits. Injected so that the
// orchestration can be tested without real waiting and the core never reads the clock.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
