// Reads a step's outcome back from its container status. The wrapper writes one JSON line to
// the termination message; the kubelet copies it into
// status.initContainerStatuses[].state.terminated.message. Nothing is ever scraped from logs.

export interface AttemptOutcome {
  exitCode: number;
  timedOut: boolean;
  skipped: boolean;
  /** From the container's own clock (/proc/uptime), so watch latency does not count. */
  durationMs?: number;
  /** A Kubernetes reason that overrides the exit code, e.g. OOMKilled. */
  reason?: string;
  message?: string;
}

/** The `terminated` state of a container status, as the API serves it. */
export interface TerminatedState {
  exitCode?: number;
  reason?: string;
  message?: string;
  signal?: number;
}

/**
 * The outcome of a wrapped container. A missing or unreadable message means the wrapper itself
 * did not finish (killed, OOM in the shell, evicted): the container's exit code and reason are
 * then all we know, and they are reported as such.
 */
export function readOutcome(state: TerminatedState): AttemptOutcome {
  const parsed = parseMessage(state.message);
  const oom = state.reason === 'OOMKilled';
  if (!parsed) {
    return {
      exitCode: state.exitCode ?? 1,
      timedOut: false,
      skipped: false,
      reason: oom ? 'OOMKilled' : 'NoTerminationMessage',
      message: oom
        ? 'the container ran out of memory (OOMKilled)'
        : `the step ended without reporting its outcome (container exit code ${state.exitCode ?? '?'}${state.reason ? `, ${state.reason}` : ''})`,
    };
  }
  const outcome: AttemptOutcome = { ...parsed };
  // A process killed by the OOM killer shows as 137 in the wrapper; the kubelet knows why.
  if (oom && outcome.exitCode !== 0) {
    outcome.reason = 'OOMKilled';
    outcome.message = 'the container ran out of memory (OOMKilled)';
  }
  return outcome;
}

function parseMessage(text: string | undefined): AttemptOutcome | undefined {
  if (!text) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text.trim());
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (typeof record.exitCode !== 'number') return undefined;
  const outcome: AttemptOutcome = {
    exitCode: record.exitCode,
    timedOut: record.timedOut === true,
    skipped: record.skipped === true,
  };
  if (typeof record.startCs === 'number' && typeof record.endCs === 'number') {
    outcome.durationMs = Math.max(0, (record.endCs - record.startCs) * 10);
  }
  return outcome;
}
