import { closers, truncateMarkdown } from '../../../src/core/report/budget.js';

describe('closers', () => {
  it('closes an open fence and open details', () => {
    expect(closers('<details><summary>x</summary>\n\n````text\n```\nstill code')).toBe(
      '\n````\n\n</details>\n',
    );
    expect(closers('<details><summary>x</summary>\n\nbody\n</details>\n')).toBe('');
  });

  it('ignores tags inside code blocks', () => {
    expect(closers('```\n<details>\n```\n')).toBe('');
  });
});

describe('truncateMarkdown', () => {
  const doc = [
    '## Report',
    '',
    '<details><summary>one</summary>',
    '',
    '```text',
    ...Array.from({ length: 200 }, (_, i) => `line ${i} with ünïcödé 💥`),
    '```',
    '',
    '</details>',
  ].join('\n');

  it.each([
    [500, 'bytes'],
    [2000, 'bytes'],
    [500, 'chars'],
  ] as const)('cuts to %i %s, closing what it left open, with the note', (limit, unit) => {
    const cut = truncateMarkdown(doc, { limit, unit }, '_cut_');
    const size = unit === 'bytes' ? Buffer.byteLength(cut) : cut.length;
    expect(size).toBeLessThanOrEqual(limit);
    expect(closers(cut)).toBe('');
    expect(cut.endsWith('\n\n_cut_\n')).toBe(true);
    expect(cut.startsWith('## Report')).toBe(true);
  });

  it('leaves text that fits alone', () => {
    expect(truncateMarkdown('short', { limit: 100, unit: 'bytes' }, 'note')).toBe('short');
  });
});
