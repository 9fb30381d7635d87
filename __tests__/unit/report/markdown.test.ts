import {
  code,
  codeFence,
  cutToSize,
  details,
  ellipsis,
  escapeText,
  formatDuration,
  link,
  measure,
  table,
} from '../../../src/core/report/markdown.js';

const ZWJ = '\u200d';

describe('escapeText', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['</details>', '&lt;/details&gt;'],
    ['a | b', 'a &#124; b'],
    ['`rm -rf`', '&#96;rm -rf&#96;'],
    ['[x](javascript:alert(1))', '&#91;x&#93;(javascript:alert(1))'],
    ['![img](https://e.x/p.png)', '!&#91;img&#93;(https://e.x/p.png)'],
    ['$x^2$', '&#36;x^2&#36;'],
    ['**b** ~~s~~', '&#42;&#42;b&#42;&#42; &#126;&#126;s&#126;&#126;'],
    ['a\\b', 'a&#92;b'],
    ['&amp;', '&amp;amp;'],
    ['# title', '&#35; title'],
    ['- item', '&#45; item'],
    ['2. item', '2&#46; item'],
    ['line\nbreak\r\n  here', 'line break here'],
  ])('escapes %j', (input, output) => {
    expect(escapeText(input)).toBe(output);
  });

  it('breaks mentions and issue references with a zero-width joiner', () => {
    expect(escapeText('@octocat @org/team')).toBe(`@${ZWJ}octocat @${ZWJ}org/team`);
    expect(escapeText('fixes #123')).toBe(`fixes &#35;${ZWJ}123`);
    // GitLab: merge requests, milestones, labels, snippets, epics.
    expect(escapeText('!4 %5 ~6 $7 &8 100%')).toBe(
      `!${ZWJ}4 %${ZWJ}5 &#126;${ZWJ}6 &#36;${ZWJ}7 &amp;${ZWJ}8 100%`,
    );
  });

  it('leaves snake_case readable but escapes underscores that could emphasise', () => {
    expect(escapeText('test_add_item')).toBe('test_add_item');
    expect(escapeText('_private_ name')).toBe('&#95;private&#95; name');
  });

  it('drops terminal escapes, control characters and bidi overrides', () => {
    expect(escapeText('\u001b[31mred\u001b[0m\u0000 \u202eevil')).toBe('red evil');
  });
});

describe('codeFence', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeFence('a ``` b\n````', 'text')).toBe('`````text\na ``` b\n````\n`````\n');
    expect(codeFence('plain')).toBe('```text\nplain\n```\n');
  });

  it('refuses a language label that could carry markup', () => {
    expect(codeFence('x', 'js onload=1')).toBe('```\nx\n```\n');
  });
});

describe('sizes', () => {
  it('measures UTF-8 bytes or UTF-16 code units', () => {
    expect(measure('é東💥', 'bytes')).toBe(2 + 3 + 4);
    expect(measure('é東💥', 'chars')).toBe(4);
  });

  it('never splits a UTF-8 sequence', () => {
    const text = '東京💥';
    for (let max = 0; max <= 10; max++) {
      const cut = cutToSize(text, max, 'bytes');
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(max);
      expect(cut).not.toContain('\ufffd');
      expect(text.startsWith(cut)).toBe(true);
    }
    expect(cutToSize(text, 7, 'bytes')).toBe('東京');
  });

  it('never splits a surrogate pair', () => {
    expect(cutToSize('a💥b', 2, 'chars')).toBe('a');
    expect(cutToSize('a💥b', 3, 'chars')).toBe('a💥');
  });

  it('ends shortened text with an ellipsis within the limit', () => {
    expect(ellipsis('short', 10)).toBe('short');
    const long = ellipsis('東'.repeat(100), 20);
    expect(long).toBe(`${'東'.repeat(5)}…`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(20);
    expect(ellipsis('abcdef', 4, 'chars')).toBe('abc…');
  });
});

describe('formatDuration', () => {
  it.each([
    [undefined, '–'],
    [0, '0ms'],
    [850, '850ms'],
    [12_345, '12.3s'],
    [59_999, '59.9s'],
    [245_000, '4m 05s'],
    [3_720_000, '1h 02m'],
  ])('%p → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('structure helpers', () => {
  it('links only plain http(s) URLs', () => {
    expect(link('Job', 'https://ci.example/runs/1 (x)')).toBe('Job');
    expect(link('Job', 'https://ci.example/runs/(1)')).toBe(
      '[Job](https://ci.example/runs/%281%29)',
    );
    expect(link('Job', 'javascript:alert(1)')).toBe('Job');
    expect(link('[evil]', undefined)).toBe('&#91;evil&#93;');
  });

  it('builds tables, details and inline code', () => {
    expect(table(['a', 'b'], [['1', '2']], ['left', 'right'])).toBe(
      '| a | b |\n| --- | ---: |\n| 1 | 2 |\n',
    );
    expect(details('<b>s</b>', 'body\n')).toBe(
      '<details><summary><b>s</b></summary>\n\nbody\n\n</details>\n',
    );
    expect(code('<a>')).toBe('<code>&lt;a&gt;</code>');
  });
});
