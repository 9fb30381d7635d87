// parallel.paused: the workers start together. Each worker joins when its lane takes it, waits
// at its first gate, and leaves when it ends (also when it failed before reaching its gate).
// As in Testkube's toolkit, all waiting workers are released at once as soon as every worker
// still running is waiting, so with `parallelism` below the count the first batch starts
// together and a later worker waits until the workers still running have reached their gates.
import { Stopped, stopReason } from './run-context.js';

interface Waiter {
  release: () => void;
}

export class StartBarrier {
  private active = 0;
  private waiting: Waiter[] = [];

  constructor(private readonly onRelease: (count: number) => void = () => undefined) {}

  join(): void {
    this.active++;
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
    this.check();
  }

  /** Resolves once every running worker is waiting; rejects when the signal stops this one. */
  arrive(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new Stopped(stopReason(signal)));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        release: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        reject(new Stopped(stopReason(signal)));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.check();
    });
  }

  private check(): void {
    if (this.waiting.length === 0 || this.waiting.length < this.active) return;
    const released = this.waiting;
    this.waiting = [];
    this.onRelease(released.length);
    for (const w of released) w.release();
  }
}
