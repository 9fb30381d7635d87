// Live logs of one container: whole lines to the console with a prefix saying where they come
// from, and the complete text kept for the log file. Sensitive values are masked per line,
// so a value split across two chunks is still caught.
import { LineBuffer } from '../../core/engine/log-lines.js';
import { errorMessage, type RunContext } from './run-context.js';

/** Beyond this, the kept log is cut (the console still shows everything). */
const MAX_KEPT_CHARS = 20 * 1024 * 1024;

export interface FollowedLog {
  /** Resolves when the container's log ended (or following was stopped). */
  done: Promise<void>;
  /** The complete, masked text so far. */
  text(): string;
  stop(): void;
}

export function followLog(
  ctx: RunContext,
  pod: string,
  container: string,
  prefix: string,
  options: { echo: boolean } = { echo: true },
): FollowedLog {
  const buffer = new LineBuffer();
  const kept: string[] = [];
  let size = 0;
  let cut = false;
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  const emit = (lines: string[]) => {
    for (const raw of lines) {
      const line = ctx.mask(raw);
      if (options.echo) ctx.deps.log(`${prefix} ${line}`);
      if (size < MAX_KEPT_CHARS) {
        kept.push(line);
        size += line.length + 1;
      } else if (!cut) {
        cut = true;
        kept.push(`[shakedown: log cut after ${MAX_KEPT_CHARS} characters]`);
      }
    }
  };
  const done = ctx.kube
    .followLogs(ctx.namespace, pod, container, (chunk) => emit(buffer.push(chunk)), signal)
    .catch((error: unknown) => {
      if (!signal.aborted)
        ctx.log(`${prefix} [shakedown: log stream ended: ${errorMessage(error)}]`);
    })
    .finally(() => emit(buffer.flush()));
  return {
    done,
    text: () => (kept.length > 0 ? `${kept.join('\n')}\n` : ''),
    stop: () => controller.abort(),
  };
}
