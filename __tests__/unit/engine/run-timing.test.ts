// What results.json records for the timeline: when services were waited for, when each step,
// attempt, worker and artifact collection ran, and the cleanup — all relative to the run's
// start, through the clock port.
import { describe, expect, it } from '@jest/globals';
import { runPlan } from '../../../src/app/run/run-plan.js';
import { parseResults, type Span } from '../../../src/core/results/index.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { Plan } from '../../../src/core/plan/model.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';
import { container, plan, service, step } from './plan-fixtures.js';

/** A clock that moves 10 ms at every reading, so every span has a length and an order. */
function steppingClock(start: number): Clock {
  let now = start;
  return {
    now: () => (now += 10),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(ms, 5));
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }),
  };
}

async function run(p: Plan, options: FakeOptions = {}) {
  const sink = new MemorySink();
  const result = await runPlan(
    { kube: new FakeKube(options), clock: steppingClock(1_700_000_000_000), sink, log: () => {} },
    { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never' },
  );
  const written = parseResults(sink.text('results.json'));
  expect(written).toEqual(result);
  return { result, sink };
}

const shell = (script: string) => container({ shell: script });
const end = (s: Span) => s.startMs + s.durationMs;

describe('run timings in results.json', () => {
  it('places services, steps, attempts, artifact collection and cleanup on the timeline', async () => {
    let tries = 0;
    const p = plan(
      [
        step('flaky', { container: shell('flaky'), retry: { count: 2 } }),
        step('test', { container: shell('test'), artifacts: { paths: ['junit.xml'] } }),
      ],
      { services: [service('db')] },
    );
    const { result } = await run(p, {
      behave: ({ script }) =>
        script === 'flaky'
          ? { exitCode: ++tries < 2 ? 1 : 0 }
          : {
              files: { '/data/junit.xml': '<testsuite name="s"><testcase name="a"/></testsuite>' },
            },
    });
    const [db] = result.services;
    const [flaky, test] = result.steps;
    expect(db!.startMs).toBeGreaterThan(0);
    expect(db!.readyMs).toBeGreaterThan(0);
    expect(flaky!.attemptSpans!.map((a) => a.status)).toEqual(['failed', 'passed']);
    const [first, second] = flaky!.attemptSpans!;
    expect(flaky!.startMs).toBeGreaterThanOrEqual(db!.startMs! + db!.readyMs!);
    expect(first!.startMs).toBeGreaterThanOrEqual(flaky!.startMs!);
    expect(second!.startMs).toBeGreaterThan(first!.startMs);
    expect(test!.startMs).toBeGreaterThan(second!.startMs);
    expect(test!.collect!.startMs).toBeGreaterThan(test!.attemptSpans![0]!.startMs);
    expect(test!.collect!.durationMs).toBeGreaterThan(0);
    expect(result.cleanup!.startMs).toBeGreaterThan(end(test!.collect!));
    expect(result.cleanup!.durationMs).toBeGreaterThan(0);
    expect(end(result.cleanup!)).toBeLessThanOrEqual(
      result.durationMs + result.cleanup!.durationMs + 10,
    );
  });

  it('gives each parallel worker its start', async () => {
    const workers = [0, 1].map((index) => ({
      name: `w${index + 1}`,
      index,
      count: 2,
      matrix: {},
      shard: {},
      services: [],
      steps: [step('t', { container: shell(`t${index}`) })],
    }));
    const p = plan([
      step('par', { container: undefined, parallel: { parallelism: 1, failFast: false, workers } }),
    ]);
    const { result } = await run(p);
    const [w1, w2] = result.steps[0]!.workers!;
    expect(w1!.startMs).toBeGreaterThanOrEqual(result.steps[0]!.startMs!);
    // parallelism 1: the second worker starts after the first ended.
    expect(w2!.startMs).toBeGreaterThanOrEqual(w1!.startMs! + w1!.durationMs);
    expect(w2!.steps[0]!.startMs).toBeGreaterThan(w2!.startMs!);
  });

  it('keeps the config with sensitive values masked', async () => {
    const p = plan([step('x', { container: shell('echo') })], {
      config: { token: 's3cr3t-value', url: 'http://u:s3cr3t-value@h', n: 3 },
      sensitive: ['token'],
    });
    const { result, sink } = await run(p);
    expect(result.config).toEqual({ token: '***', url: 'http://u:***@h', n: 3 });
    expect(sink.text('results.json')).not.toContain('s3cr3t');
  });
});
