// parseJUnit on generated reports of 1k, 10k and 100k test cases (failures with stacks and
// ANSI colours, system-out, skips), against fast-xml-parser's raw parse of the same text to
// show what our hardening and model conversion add; then writeJUnit and writeCtrf of a run
// holding 10k and 100k cases.
import { Buffer } from 'node:buffer';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { core } from './lib/core.js';
import { junitXml, runResult } from './lib/test-results.js';
import {
  bytes,
  keptPer,
  ms,
  peakMemory,
  printTable,
  ratio,
  runBench,
  scaling,
  timeIt,
  verdict,
} from './lib/harness.js';

const PARSE_SIZES = [1_000, 10_000, 100_000];
const WRITE_SIZES = [10_000, 100_000];

/** Few samples for the big inputs: one 100k-case parse takes seconds on a shared machine. */
function effort(cases) {
  return cases >= 100_000
    ? { warmup: 0, minRuns: 3, maxRuns: 3 }
    : { warmup: 2, minRuns: 5, budgetMs: 3000 };
}

async function measureParse(cases, subject) {
  const { parseJUnit } = await core('results');
  const text = junitXml(cases);
  const warm = junitXml(1000);
  if (subject === 'parseJUnit') {
    for (let i = 0; i < 3; i++) parseJUnit(warm, 'warm.xml');
    const memory = peakMemory(() => parseJUnit(text, 'junit.xml'));
    const time = timeIt(() => parseJUnit(text, 'junit.xml'), effort(cases));
    return {
      xmlBytes: Buffer.byteLength(text),
      suites: memory.value.length,
      ...time,
      peakRssBytes: memory.peakRssBytes,
      retainedBytes: memory.retainedBytes,
    };
  }
  // The raw parse: the same parser with attributes kept, nothing else.
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
  for (let i = 0; i < 3; i++) parser.parse(warm);
  const memory = peakMemory(() => parser.parse(text));
  const time = timeIt(() => parser.parse(text), effort(cases));
  const validate = timeIt(() => XMLValidator.validate(text), effort(cases));
  return {
    ...time,
    validateMs: validate.medianMs,
    peakRssBytes: memory.peakRssBytes,
    retainedBytes: memory.retainedBytes,
  };
}

async function measureWrite(cases, format) {
  const { parseJUnit, tallyRun, writeJUnit, writeCtrf } = await core('results');
  const run = runResult(parseJUnit(junitXml(cases), 'junit.xml'), tallyRun);
  const write = format === 'junit' ? () => writeJUnit(run) : () => writeCtrf(run);
  const small = runResult(parseJUnit(junitXml(1000), 'warm.xml'), tallyRun);
  for (let i = 0; i < 3; i++) (format === 'junit' ? writeJUnit : writeCtrf)(small);
  const memory = peakMemory(write);
  const time = timeIt(write, effort(cases));
  return {
    outputBytes: Buffer.byteLength(memory.value),
    ...time,
    peakRssBytes: memory.peakRssBytes,
  };
}

await runBench({
  script: import.meta.url,
  title: 'Results: parseJUnit, writeJUnit, writeCtrf',
  cases: [
    ...PARSE_SIZES.flatMap((cases) => [
      { cases, subject: 'parseJUnit' },
      { cases, subject: 'fast-xml-parser' },
    ]),
    ...WRITE_SIZES.flatMap((cases) => [
      { cases, format: 'junit' },
      { cases, format: 'ctrf' },
    ]),
  ],
  measure: ({ cases, subject, format }) =>
    subject ? measureParse(cases, subject) : measureWrite(cases, format),
  report(rows) {
    const ours = rows.filter((r) => r.params.subject === 'parseJUnit');
    const raw = (n) =>
      rows.find((r) => r.params.subject === 'fast-xml-parser' && r.params.cases === n);
    const first = ours[0];
    const perCase = (r) => r.medianMs / r.params.cases;
    printTable(
      [
        'parseJUnit',
        'XML',
        'median',
        'best',
        'per case',
        '× vs 1k',
        '× vs 1k (best)',
        'fxp parse',
        'fxp validate',
        'ours ÷ fxp parse',
        'peak RSS Δ',
        'RSS/case',
        'fxp RSS Δ',
        'kept heap/case',
      ],
      ours.map((r) => {
        const fxp = raw(r.params.cases);
        return [
          `${r.params.cases / 1000}k cases`,
          bytes(r.xmlBytes),
          ms(r.medianMs),
          ms(r.minMs),
          ms(perCase(r)),
          ratio(perCase(r) / perCase(first)),
          ratio(r.minMs / r.params.cases / (first.minMs / first.params.cases)),
          fxp ? ms(fxp.medianMs) : '–',
          fxp ? ms(fxp.validateMs) : '–',
          fxp ? ratio(r.medianMs / fxp.medianMs) : '–',
          bytes(r.peakRssBytes),
          bytes(r.peakRssBytes / r.params.cases),
          fxp ? bytes(fxp.peakRssBytes) : '–',
          keptPer(r.retainedBytes, r.params.cases),
        ];
      }),
    );
    console.log();
    const writes = rows.filter((r) => r.params.format);
    printTable(
      ['write', 'cases', 'output', 'median', 'best', 'per case', 'MiB/s', 'peak RSS Δ'],
      writes.map((r) => [
        r.params.format === 'junit' ? 'writeJUnit' : 'writeCtrf',
        `${r.params.cases / 1000}k`,
        bytes(r.outputBytes),
        ms(r.medianMs),
        ms(r.minMs),
        ms(r.medianMs / r.params.cases),
        (r.outputBytes / 1024 / 1024 / (r.medianMs / 1000)).toFixed(1),
        bytes(r.peakRssBytes),
      ]),
    );
    const last = ours[ours.length - 1];
    const s = scaling(first.minMs / first.params.cases, last.minMs / last.params.cases);
    const fxp = raw(last.params.cases);
    const overhead = fxp
      ? `${ratio(last.medianMs / fxp.medianMs)} fast-xml-parser's raw parse`
      : 'no raw figure';
    verdict(
      `parseJUnit time per case 1k→${last.params.cases / 1000}k: ${ratio(s.ratio)} (best runs), ${s.words}; ` +
        `${last.params.cases / 1000}k cases (${bytes(last.xmlBytes)}) parse in ${ms(last.medianMs)} = ${overhead}, ` +
        `peak ${bytes(last.peakRssBytes)} above baseline (${bytes(last.peakRssBytes / last.params.cases)} per case).`,
    );
  },
});
