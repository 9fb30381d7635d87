import { buildAnnotations, repositoryPath } from '../../../src/core/report/annotations.js';
import { checkConclusion, commitStatusState } from '../../../src/core/report/conclusion.js';
import { failingRun } from '../results/samples.js';
import { generatedRun } from './generated-runs.js';

const REPO = new Set([
  'src/cart.api.test.ts',
  'e2e/checkout.spec.ts',
  'tests/test_cart.py',
  'tests/test_db.py',
  'src/test/java/com/acme/shop/CartServiceTest.java',
  'internal/cart/cart_test.go',
]);
const fileExists = (path: string) => REPO.has(path);

describe('buildAnnotations', () => {
  it('annotates failed tests at their repository file and line', () => {
    const result = buildAnnotations(failingRun(), { fileExists });
    const all = result.batches.flat();
    expect(all.map((a) => `${a.path}:${a.start_line}`)).toEqual([
      'src/cart.api.test.ts:42',
      'e2e/checkout.spec.ts:31',
      'tests/test_cart.py:24',
      'tests/test_db.py:12',
      'src/test/java/com/acme/shop/CartServiceTest.java:47',
      'src/test/java/com/acme/shop/CartServiceTest.java:58',
      'internal/cart/cart_test.go:42',
    ]);
    expect(all[0]).toEqual({
      path: 'src/cart.api.test.ts',
      start_line: 42,
      end_line: 42,
      annotation_level: 'failure',
      title: 'cart api › cart api GET /cart/total applies the discount',
      message: 'Error: expect(received).toBe(expected) // Object.is equality',
      raw_details: expect.stringContaining('Expected: 85\nReceived: 90'),
    });
  });

  it('counts the tests it could not place and says so', () => {
    const result = buildAnnotations(failingRun(), { fileExists });
    // tests/Unit/CartTest.php and internal/store/redis_test.go are not in REPO.
    expect(result).toMatchObject({ annotated: 7, notAnnotated: 2, withoutFile: 2, overLimit: 0 });
    expect(result.note).toBe(
      '2 failed tests were not annotated: 2 name no file of this repository.',
    );
  });

  it('sends 50 per request and stops at the limit', () => {
    const run = generatedRun({ failures: 130, detailBytes: 200 });
    const everything = buildAnnotations(run, { fileExists: () => true });
    expect(everything.batches.map((b) => b.length)).toEqual([50, 50, 30]);
    expect(everything.note).toBeUndefined();
    const capped = buildAnnotations(run, { fileExists: () => true, maxAnnotations: 100 });
    expect(capped.batches.map((b) => b.length)).toEqual([50, 50]);
    expect(capped).toMatchObject({ annotated: 100, overLimit: 30, notAnnotated: 30 });
    expect(capped.note).toBe(
      '30 failed tests were not annotated: 30 over the limit of 100 annotations.',
    );
  });

  it('keeps titles within 255 characters and texts within 64 KB', () => {
    const run = generatedRun({ failures: 2, detailBytes: 200_000 });
    const first = run.steps[0]!.suites[0]!.cases[0]!;
    first.name = '東'.repeat(400);
    first.message = `${'💥'.repeat(30_000)}`;
    const [a] = buildAnnotations(run, { fileExists: () => true }).batches.flat();
    expect(a!.title.length).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(a!.message)).toBeLessThanOrEqual(64_000);
    expect(Buffer.byteLength(a!.raw_details!)).toBeLessThanOrEqual(64_000);
    expect(a!.message.endsWith('💥…')).toBe(true);
  });
});

describe('repositoryPath', () => {
  it.each([
    [{ file: '/data/repo/src/cart.api.test.ts' }, 'src/cart.api.test.ts'],
    [{ file: './tests/test_cart.py' }, 'tests/test_cart.py'],
    [
      { file: 'cart_test.go', classname: 'github.com/acme/shop/internal/cart' },
      'internal/cart/cart_test.go',
    ],
    [
      { file: 'com/acme/shop/CartServiceTest.java' },
      'src/test/java/com/acme/shop/CartServiceTest.java',
    ],
    [{ file: 'C:\\work\\shop\\src\\cart.api.test.ts' }, 'src/cart.api.test.ts'],
    [{ file: '/data/repo/other/cart.api.test.ts' }, undefined],
    [{}, undefined],
  ])('%j → %s', (testCase, path) => {
    expect(repositoryPath(testCase, fileExists)).toBe(path);
  });
});

describe('conclusions', () => {
  it('maps run statuses to check conclusions and GitLab commit states', () => {
    const statuses = ['passed', 'failed', 'cancelled', 'timed_out', 'error'] as const;
    expect(statuses.map(checkConclusion)).toEqual([
      'success',
      'failure',
      'cancelled',
      'timed_out',
      'failure',
    ]);
    expect(statuses.map(commitStatusState)).toEqual([
      'success',
      'failed',
      'canceled',
      'failed',
      'failed',
    ]);
  });
});
