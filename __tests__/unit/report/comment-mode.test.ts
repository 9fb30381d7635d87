import {
  decideComment,
  outcomeMarker,
  outcomeOf,
  recordedOutcome,
  withOutcome,
  type CommentMode,
} from '../../../src/core/report/comment-mode.js';
import { runResult } from '../action/run-fixtures.js';

const passed = runResult({ cases: ['passed', 'passed'] });
const failed = runResult({ cases: ['passed', 'failed'] });
const failedMore = runResult({ cases: ['failed', 'failed'] });
const body = (run = failed) =>
  `<!-- shakedown:comment shop-api -->\nreport\n${outcomeMarker(outcomeOf(run))}\n`;

describe('decideComment', () => {
  it.each<[CommentMode, string, string | undefined, string]>([
    ['off', 'failed', undefined, 'skip'],
    ['off', 'failed', body(), 'skip'],
    ['always', 'passed', undefined, 'create'],
    ['always', 'passed', body(), 'update'],
    ['failures', 'passed', undefined, 'skip'],
    ['failures', 'failed', undefined, 'create'],
    // A fixed PR must not keep showing the old failure.
    ['failures', 'passed', body(), 'update'],
    ['changes', 'passed', undefined, 'skip'],
    ['changes', 'failed', undefined, 'create'],
    ['changes', 'failed', body(failed), 'skip'],
    ['changes', 'failedMore', body(failed), 'update'],
    ['changes', 'passed', body(failed), 'update'],
  ])('%s, run %s, existing %#', (mode, which, existing, expected) => {
    const run = { passed, failed, failedMore }[which as 'passed']!;
    expect(decideComment(mode, run, existing)).toBe(expected);
  });

  it('treats an old comment without a recorded outcome as changed', () => {
    expect(decideComment('changes', failed, 'an old comment')).toBe('update');
  });
});

describe('outcome line', () => {
  it('round-trips status and counts, and ignores durations', () => {
    const slower = { ...failed, durationMs: failed.durationMs + 5000 };
    expect(recordedOutcome(body(failed))).toBe(outcomeOf(slower));
    expect(outcomeOf(failed)).toBe('failed total=2 passed=1 failed=1 skipped=0 errors=0');
  });

  it('ends a comment body within its limit, giving the renderer the room left', () => {
    let room = 0;
    const text = withOutcome(failed, 500, (limit) => {
      room = limit;
      return 'x'.repeat(limit);
    });
    expect(text).toHaveLength(500);
    expect(text.endsWith(`\n${outcomeMarker(outcomeOf(failed))}\n`)).toBe(true);
    expect(recordedOutcome(text)).toBe(outcomeOf(failed));
    expect(room).toBeLessThan(500);
  });
});
