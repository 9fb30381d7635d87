import { bodyExcerpt, EXCERPT_CHARS } from '../../../src/core/http/body-excerpt.js';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryAfterMs,
  retryDelay,
} from '../../../src/core/http/retry-policy.js';

describe('bodyExcerpt', () => {
  it('keeps a short plain body as it is, on one line', () => {
    expect(bodyExcerpt('no such\n  thing')).toBe('no such thing');
  });

  it('cuts a long body and says how long it was', () => {
    const excerpt = bodyExcerpt('x'.repeat(50_000));
    expect(excerpt).toBe(`${'x'.repeat(EXCERPT_CHARS)}… [49 KB in all]`);
  });

  it('turns an HTML page into its title and text, marked as a page', () => {
    const page =
      '<html><head><title>Access denied</title><script>var a=1</script></head><body><h1>Sorry</h1></body></html>';
    expect(bodyExcerpt(page)).toBe(`Access denied Sorry [HTML page, ${page.length} chars in all]`);
  });

  it('reads only the start of a huge body', () => {
    const huge = `<!doctype html><title>t</title>${'<p>a</p>'.repeat(2_000_000)}`;
    const excerpt = bodyExcerpt(huge);
    expect(excerpt.length).toBeLessThan(EXCERPT_CHARS + 40);
    expect(excerpt).toMatch(/^t a a a/);
    expect(excerpt).toMatch(/\[HTML page, 15625 KB in all\]$/);
  });
});

describe('retry policy', () => {
  it('retries rate limits and server failures, not refusals', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 410, 422, 501].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-03T15:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 03 Dec 2026 15:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Thu, 03 Dec 2026 14:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('backs off exponentially to a cap, lets Retry-After win within a bound, and stops', () => {
    const delays = [1, 2, 3, 4].map((attempt) => retryDelay(DEFAULT_RETRY, attempt));
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelay(DEFAULT_RETRY, 5)).toBeUndefined();
    expect(retryDelay({ ...DEFAULT_RETRY, attempts: 10 }, 8)).toBe(8000);
    expect(retryDelay(DEFAULT_RETRY, 1, 12_000)).toBe(12_000);
    expect(retryDelay(DEFAULT_RETRY, 1, 600_000)).toBe(30_000);
  });
});
