// The ends of a run's log files, for report.html: the end of a log is where a failure shows.
import type { RunResult } from '../../core/results/index.js';
import { subRuns, walkSteps } from '../../core/results/index.js';
import type { LogExcerpt, Logs } from '../../core/report/html/html-report.js';
import type { OutputSink } from '../../ports/output-sink.js';

/** Bytes of each log that report.html shows; the report names the full file. */
export const LOG_TAIL_BYTES = 32 * 1024;
/** Logs read at most, so that a run of thousands of workers still gives a page a browser opens. */
export const MAX_LOGS = 400;

export function logFiles(run: RunResult): string[] {
  const files: string[] = run.services.flatMap((s) => (s.logFile ? [s.logFile] : []));
  walkSteps(run.steps, ({ step }) => {
    if (step.logFile) files.push(step.logFile);
    for (const w of subRuns(step)) for (const s of w.services) if (s.logFile) files.push(s.logFile);
  });
  return [...new Set(files)];
}

export async function readLogs(sink: OutputSink, run: RunResult): Promise<Logs> {
  const logs = new Map<string, LogExcerpt>();
  if (!sink.readTail) return logs;
  for (const file of logFiles(run).slice(0, MAX_LOGS)) {
    const tail = await sink.readTail(file, LOG_TAIL_BYTES).catch(() => undefined);
    if (tail) logs.set(file, tail);
  }
  return logs;
}
