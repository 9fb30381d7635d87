// The output directory's contract: results.json (schema/results.schema.json), junit.xml (every
// suite, plus step outcomes), ctrf.json, report.html. Logs and artifacts were written while the
// run went.
import { renderHtmlReport } from '../../core/report/html/html-report.js';
import { writeCtrf, writeJUnit, type RunResult } from '../../core/results/index.js';
import type { OutputSink } from '../../ports/output-sink.js';
import { readLogs } from './report-logs.js';

export const RESULTS_FILE = 'results.json';
export const JUNIT_FILE = 'junit.xml';
export const CTRF_FILE = 'ctrf.json';
export const HTML_REPORT_FILE = 'report.html';

export async function writeResults(sink: OutputSink, run: RunResult): Promise<void> {
  await sink.write(RESULTS_FILE, `${JSON.stringify(run, null, 2)}\n`);
  await sink.write(JUNIT_FILE, writeJUnit(run));
  await sink.write(CTRF_FILE, writeCtrf(run));
  await writeHtmlReport(sink, run);
}

/** report.html, with the end of every log the sink can read back. */
export async function writeHtmlReport(sink: OutputSink, run: RunResult): Promise<void> {
  await sink.write(HTML_REPORT_FILE, renderHtmlReport(run, await readLogs(sink, run)));
}
