import { parseDuration } from '../../../src/core/plan/duration.js';

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1500],
    ['.5m', 30_000],
    ['0', 0],
    ['0s', 0],
    ['10us', 0],
    [' 3s ', 3000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each(['', '5', '1x', '-1s', '1m 30s', 'ten seconds', '1h30', 's'])('refuses %j', (text) => {
    expect(parseDuration(text)).toEqual({
      error: `'${text}' is not a duration such as 1m30s, 500ms or 2h`,
    });
  });
});
