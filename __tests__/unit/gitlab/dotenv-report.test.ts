import {
  DOTENV_MAX_BYTES,
  outputValues,
  renderDotenv,
  type GitLabOutcome,
} from '../../../src/app/gitlab/dotenv-report.js';
import { failingRun, passingRun } from '../results/samples.js';

function outcome(result = passingRun(), over: Partial<GitLabOutcome> = {}): GitLabOutcome {
  return { result, resultsDir: `shakedown-results/${result.workflow}`, links: {}, ...over };
}

describe('the dotenv report', () => {
  it('has the outputs of one run', () => {
    const run = outcome(passingRun(), {
      links: { commentUrl: 'https://gitlab.example.com/acme/shop/-/merge_requests/7#note_1' },
    });
    expect(renderDotenv(outputValues([run]))).toEqual({
      text: [
        'SHAKEDOWN_RESULT=passed',
        'SHAKEDOWN_TOTAL=7',
        'SHAKEDOWN_PASSED=6',
        'SHAKEDOWN_FAILED=0',
        'SHAKEDOWN_SKIPPED=1',
        'SHAKEDOWN_NAMESPACE=sd-checkout-api-7f3k2',
        'SHAKEDOWN_RUN_ID=7f3k2',
        'SHAKEDOWN_RESULTS_DIR=shakedown-results/checkout-api',
        'SHAKEDOWN_NOTE_URL=https://gitlab.example.com/acme/shop/-/merge_requests/7#note_1',
        '',
      ].join('\n'),
      dropped: [],
    });
  });

  it('sums several runs, takes the worst result, and lists the rest on one line', () => {
    const failed = failingRun();
    const values = outputValues([
      outcome(),
      outcome({ ...failed, workflow: 'billing', runId: 'b2' }),
    ]);
    expect(values.SHAKEDOWN_RESULT).toBe(failed.status);
    expect(values.SHAKEDOWN_TOTAL).toBe(String(7 + failed.tests.total));
    expect(values.SHAKEDOWN_FAILED).toBe(String(failed.tests.failed + failed.tests.errors));
    expect(values.SHAKEDOWN_RUN_ID).toBe('7f3k2 b2');
    const { text } = renderDotenv(values);
    expect(text).toContain(
      'SHAKEDOWN_RESULTS_DIR=shakedown-results/checkout-api shakedown-results/billing\n',
    );
    expect(text).toContain(`SHAKEDOWN_NAMESPACE=sd-checkout-api-7f3k2 ${failed.namespace}\n`);
  });

  it('writes what GitLab’s parser accepts: bare single-line values, no empty ones', () => {
    const { text } = renderDotenv({ A: ' x \r\ny ', EMPTY: '', B: 'has "quotes"' });
    expect(text).toBe('A=x  y\nB=has "quotes"\n');
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^[A-Za-z0-9_]+=\S/);
  });

  it('says `error` when nothing ran', () => {
    expect(outputValues([]).SHAKEDOWN_RESULT).toBe('error');
  });

  it('drops a value whole rather than go over 5 KB', () => {
    const long = 'u'.repeat(DOTENV_MAX_BYTES);
    const { text, dropped } = renderDotenv({
      SHAKEDOWN_RESULT: 'passed',
      SHAKEDOWN_NOTE_URL: long,
      X: '1',
    });
    expect(dropped).toEqual(['SHAKEDOWN_NOTE_URL']);
    expect(text).toBe('SHAKEDOWN_RESULT=passed\nX=1\n');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DOTENV_MAX_BYTES);
  });
});
