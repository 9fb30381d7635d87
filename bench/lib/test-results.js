// Deterministic test results for the benchmarks: JUnit XML of a given number of cases and
// RunResults with a given number of failures. Content is realistic (stack traces, ANSI colours,
// multi-byte text, system-out) so that every path real reports take is taken here too.

const ANSI_RED = '&#x1b;[31m';
const ANSI_RESET = '&#x1b;[39m';

function escapeXml(text) {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c],
  );
}

/**
 * JUnit XML with `cases` test cases in suites of 100: 10% failed (message, multi-line stack
 * with ANSI colours), 2% errors, 5% skipped, 20% with system-out. Returns the text.
 */
export function junitXml(cases) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n'];
  for (let s = 0; s * 100 < cases; s++) {
    const n = Math.min(100, cases - s * 100);
    out.push(
      `  <testsuite name="feature ${s} — ünïcödé" tests="${n}" time="${(n * 0.012).toFixed(3)}" timestamp="2025-01-01T00:00:00">\n`,
    );
    for (let c = 0; c < n; c++) {
      const i = s * 100 + c;
      const attrs = `classname="feature.s${s}" name="handles case ${i} &lt;edge&gt; ✓" time="0.0${i % 90}" file="src/feature-${s}.test.ts"`;
      const body = [];
      if (i % 10 === 3) {
        const message = escapeXml(`expected ${i} to equal ${i + 1}`);
        body.push(
          `      <failure message="${message}" type="AssertionError">${ANSI_RED}AssertionError: ${message}${ANSI_RESET}\n` +
            `    at Object.&lt;anonymous&gt; (/data/repo/src/feature-${s}.test.ts:${10 + c}:7)\n` +
            `    at Promise.then.completed (/data/repo/node_modules/jest-circus/build/utils.js:298:28)\n` +
            `    at new Promise (&lt;anonymous&gt;)\n` +
            `    at callAsyncCircusFn (/data/repo/node_modules/jest-circus/build/utils.js:231:10)\n` +
            `      </failure>`,
        );
      } else if (i % 50 === 7) {
        body.push(
          `      <error message="TypeError: cannot read 'id' of undefined" type="TypeError">TypeError: cannot read 'id' of undefined\n    at load (/data/repo/src/loader-${s}.ts:${c + 1}:3)</error>`,
        );
      } else if (i % 20 === 11) {
        body.push(`      <skipped message="not on this platform"/>`);
      }
      if (i % 5 === 1) {
        body.push(
          `      <system-out>[${i}] connecting to db…\n[${i}] 42 rows in 3ms\n[${i}] done: größe ✓ 東京</system-out>`,
        );
      }
      out.push(
        body.length === 0
          ? `    <testcase ${attrs}/>\n`
          : `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>\n`,
      );
    }
    out.push('  </testsuite>\n');
  }
  out.push('</testsuites>\n');
  return out.join('');
}

function stepResult(name, fields) {
  return {
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name,
    path: 'spec.steps[0]',
    status: 'passed',
    exitCode: 0,
    durationMs: 1200,
    attempts: 1,
    optional: false,
    negative: false,
    artifacts: [],
    suites: [],
    steps: [],
    ...fields,
  };
}

/**
 * A finished RunResult whose one test step holds `suites`, followed by `extraSteps` steps
 * without tests (failed ones when `failing`); `tests` is derived with the core's tallyRun.
 */
export function runResult(suites, tallyRun, { extraSteps = 0, failing: stepsFail = false } = {}) {
  const failing = suites.some(function anyFailed(suite) {
    return (
      suite.cases.some((c) => c.status === 'failed' || c.status === 'error') ||
      suite.suites.some(anyFailed)
    );
  });
  const run = {
    version: 1,
    runId: 'bench-0001',
    workflow: 'bench',
    namespace: 'shakedown-bench',
    status: failing || (stepsFail && extraSteps > 0) ? 'failed' : 'passed',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 93_000,
    services: [{ name: 'db', instance: 'db-0', index: 0, status: 'ready', readyMs: 2100 }],
    steps: [
      stepResult('Prepare', { path: 'spec.setup[0]' }),
      stepResult('Run tests', {
        path: 'spec.steps[0]',
        status: failing ? 'failed' : 'passed',
        exitCode: failing ? 1 : 0,
        artifacts: ['junit.xml'],
        suites,
      }),
      ...Array.from({ length: extraSteps }, (_, i) =>
        stepResult(`Check ${i} — vérifie le café ☕`, {
          path: `spec.steps[${i + 1}]`,
          ...(stepsFail && {
            status: 'failed',
            exitCode: 3,
            reason: 'Error',
            message: `step ${i} could not reach the café service: connection refused`,
          }),
        }),
      ),
    ],
    tests: { total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 },
  };
  run.tests = tallyRun(run);
  return run;
}

/**
 * Suites with `failures` failed tests (with ~600 bytes of multi-byte stack each) and as many
 * passing ones, 100 cases per suite.
 */
export function failingSuites(failures) {
  const suites = [];
  const total = failures * 2;
  for (let s = 0; s * 100 < total; s++) {
    const cases = [];
    for (let c = 0; c < 100 && s * 100 + c < total; c++) {
      const i = s * 100 + c;
      if (i % 2 === 1) {
        cases.push({
          name: `feature ${s} works ${i} ✓`,
          classname: `feature.s${s}`,
          durationMs: 5,
          status: 'passed',
        });
        continue;
      }
      const frame = `    at Object.<anonymous> (/data/repo/src/feature-${s}.test.ts:${10 + c}:7)`;
      cases.push({
        name: `feature ${s} handles the 東京 edge case ${i}`,
        classname: `feature.s${s}`,
        file: `src/feature-${s}.test.ts`,
        line: 10 + c,
        durationMs: 30,
        status: i % 14 === 0 ? 'error' : 'failed',
        type: 'AssertionError',
        message: `expected "größe ${i}" to equal "groesse ${i}" 💥`,
        details: [
          `AssertionError: expected "größe ${i}" to equal "groesse ${i}" 💥`,
          frame,
          `    at Promise.then.completed (/data/repo/node_modules/jest-circus/build/utils.js:298:28)`,
          `    at new Promise (<anonymous>)`,
          `    at callAsyncCircusFn (/data/repo/node_modules/jest-circus/build/utils.js:231:10)`,
          `    at _callCircusTest (/data/repo/node_modules/jest-circus/build/run.js:316:40)`,
          `    at _runTest (/data/repo/node_modules/jest-circus/build/run.js:252:3)`,
        ].join('\n'),
        systemOut:
          i % 4 === 0 ? `[${i}] request id ${i * 7919} → 500 Internal Server Error` : undefined,
      });
    }
    suites.push({ name: `feature ${s} — ünïcödé`, durationMs: 1000, cases, suites: [] });
  }
  return suites;
}
