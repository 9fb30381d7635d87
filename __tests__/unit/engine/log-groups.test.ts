// The engine's console groups, seen through the GitLab job log sections they become: one per
// service wait, step attempt and worker, well nested and in the order the run went.
import { describe, expect, it } from '@jest/globals';
import { GitLabSections } from '../../../src/adapters/gitlab/log-sections.js';
import { runPlan } from '../../../src/app/run/run-plan.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import { FakeKube } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';
import { container, plan, service, step } from './plan-fixtures.js';

type Event = { start: string } | { end: string } | { line: string };

/** The log as section starts (by title), section ends (by the title of what they end) and lines. */
function events(log: string): Event[] {
  const titles = new Map<string, string>();
  return log
    .split('\n')
    .filter(Boolean)
    .map((text): Event => {
      const start = /section_start:\d+:([^\r[]+)(?:\[collapsed=true\])?\r.\[0K(.*)$/.exec(text);
      if (start) {
        titles.set(start[1]!, start[2]!);
        return { start: start[2]! };
      }
      const end = /section_end:\d+:([^\r]+)\r/.exec(text);
      if (end) return { end: titles.get(end[1]!) ?? `?${end[1]}` };
      return { line: text };
    });
}

async function runWithSections(withGroups: boolean) {
  const workers = [0, 1].map((index) => ({
    name: `shard #${index + 1}`,
    index,
    count: 2,
    matrix: {},
    shard: {},
    services: [],
    steps: [step('t', { container: container({ shell: `test ${index}` }) })],
  }));
  const p = plan(
    [
      step('a'),
      step('b'),
      step('par', { container: undefined, parallel: { parallelism: 1, failFast: false, workers } }),
    ],
    { services: [service('db')] },
  );
  let log = '';
  const sections = new GitLabSections((text) => (log += text), nodeClock.now);
  const result = await runPlan(
    {
      kube: new FakeKube(),
      clock: nodeClock,
      sink: new MemorySink(),
      log: (line) => sections.line(line),
      ...(withGroups && { group: (title: string) => sections.group(title) }),
    },
    { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never' },
  );
  sections.closeAll();
  return { result, log };
}

describe('engine console groups', () => {
  it('opens one section per service wait, step attempt and worker, nested in order', async () => {
    const { result, log } = await runWithSections(true);
    expect(result.status).toBe('passed');
    const all = events(log);
    const marks = all.filter((e) => !('line' in e));
    expect(marks).toEqual([
      { start: 'service db-0' },
      { end: 'service db-0' },
      { start: 'a' },
      { end: 'a' },
      { start: 'b' },
      { end: 'b' },
      { start: 'par #1: shard #1' },
      { start: '[par #1] t' },
      { end: '[par #1] t' },
      { end: 'par #1: shard #1' },
      { start: 'par #2: shard #2' },
      { start: '[par #2] t' },
      { end: '[par #2] t' },
      { end: 'par #2: shard #2' },
    ]);
    // A step's ▶ line and status line are inside its section; a worker's status line in its own.
    const inside = (title: string) => {
      const from = all.findIndex((e) => 'start' in e && e.start === title);
      const to = all.findIndex((e) => 'end' in e && e.end === title);
      return all.slice(from + 1, to).flatMap((e) => ('line' in e ? [e.line] : []));
    };
    expect(inside('a')[0]).toBe('▶ a');
    expect(inside('a').at(-1)).toMatch(/^✔ a passed in /);
    expect(inside('service db-0')[0]).toBe('⏳ waiting for service db-0');
    expect(inside('service db-0').at(-1)).toMatch(/^✔ service db-0 ready/);
    expect(inside('par #2: shard #2')[0]).toBe('[par #2] ▶ t');
    expect(inside('par #2: shard #2').at(-1)).toMatch(/^\[par #2\] ✔ worker passed in /);
  });

  it('prints the same lines without sections when there is no group function', async () => {
    const plain = await runWithSections(false);
    const grouped = await runWithSections(true);
    expect(plain.log).not.toContain('section_');
    const lines = (log: string) =>
      events(log).flatMap((e) =>
        'line' in e ? [e.line.replace(/\d+(\.\d+)?\s?m?s\b/g, 'T')] : [],
      );
    expect(lines(grouped.log)).toEqual(lines(plain.log));
  });
});
