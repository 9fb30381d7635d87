import { BestEffort } from '../../../../src/adapters/ci/best-effort.js';

class Refused extends Error {}

function publisher() {
  const warnings: string[] = [];
  const publish = new BestEffort(
    (message) => warnings.push(message),
    (error, what) => (error instanceof Refused ? `refused to ${what}` : undefined),
  );
  return { publish, warnings };
}

describe('BestEffort', () => {
  it('gives the value of a call that succeeds', async () => {
    const { publish, warnings } = publisher();
    await expect(publish.attempt('post', async () => 42)).resolves.toBe(42);
    expect(warnings).toEqual([]);
  });

  it('warns about a failure and goes on with the next call', async () => {
    const { publish, warnings } = publisher();
    const failed = publish.attempt('post the status', () => Promise.reject(new Error('503')));
    await expect(failed).resolves.toBeUndefined();
    await expect(publish.attempt('post the note', async () => 'ok')).resolves.toBe('ok');
    expect(warnings).toEqual(['Could not post the status: 503']);
  });

  it('says a permission refusal once and makes no more calls', async () => {
    const { publish, warnings } = publisher();
    await publish.attempt('post the status', () => Promise.reject(new Refused()));
    let called = false;
    await publish.attempt('post the note', async () => (called = true));
    publish.stop('no token');
    expect(called).toBe(false);
    expect(publish.isStopped).toBe(true);
    expect(warnings).toEqual(['refused to post the status']);
  });
});
