import { join } from 'node:path';
import { buildAnnotations } from '../../../src/core/report/annotations.js';
import { closers } from '../../../src/core/report/budget.js';
import {
  commentMarker,
  renderCheckSummary,
  renderComment,
} from '../../../src/core/report/renderers.js';
import { expectGolden } from './golden.js';
import { injectionRun } from './injection-run.js';

// Escape, right-to-left override, NUL.
const HIDDEN = ['\u001b', '\u202e', '\u0000'];

const GOLDEN = join(process.cwd(), '__tests__/unit/report/golden');

/** The markdown outside fenced code blocks, where markup would take effect. */
function outsideFences(markdown: string): string {
  let fence: string | undefined;
  const kept: string[] = [];
  for (const line of markdown.split('\n')) {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line === marker)
        fence = undefined;
    } else if (marker) fence = marker;
    else kept.push(line);
  }
  return kept.join('\n');
}

describe('rendering hostile test output', () => {
  const comment = renderComment(injectionRun(), {
    fileUrl: (path, line) => `https://github.com/acme/shop/blob/4f2a9c1/${path}#L${line}`,
  });
  const summary = renderCheckSummary(injectionRun());
  // The marker is ours; everything else outside code blocks is where markup would take effect.
  const live = [
    outsideFences(comment.replace(commentMarker('checkout-api'), '')),
    outsideFences(summary),
  ];

  it('renders the golden comment', () => {
    expectGolden(GOLDEN, 'injection.comment.md', comment);
  });

  it('lets no HTML through: only our own tags appear', () => {
    for (const text of live) {
      const ours = ['b', 'code', 'details', 'summary', 'sub'];
      const tags = new Set(text.match(/<\/?[a-z][a-z0-9]*/gi)!.map((t) => t.replace(/^<\/?/, '')));
      expect([...tags].filter((tag) => !ours.includes(tag))).toEqual([]);
      expect(text).not.toContain('<!--');
    }
  });

  it('keeps <details> balanced and every code fence closed', () => {
    for (const text of [comment, summary]) {
      expect(closers(text)).toBe('');
      const live = outsideFences(text);
      expect(live.match(/<details>/g)?.length).toBe(live.match(/<\/details>/g)?.length);
    }
  });

  it('pings nobody and links no issue', () => {
    for (const text of live) {
      expect(text).not.toMatch(/@[A-Za-z0-9]/);
      // "&#35;" is the escaped "#" itself.
      expect(text).not.toMatch(/(?<!&)#[0-9]/);
    }
  });

  it('makes no links, images or math from test output', () => {
    for (const text of live) {
      expect(text).not.toMatch(/\]\((?!https:\/\/github\.com\/acme\/shop\/)/);
      expect(text).not.toContain('![');
      expect(text).not.toMatch(/\[[^\]]*\]\(javascript/);
      expect(text).not.toContain('$');
    }
  });

  it('keeps table rows to their columns', () => {
    for (const text of live) {
      for (const block of text.split('\n\n').filter((b) => b.startsWith('| '))) {
        const widths = block.split('\n').map((row) => row.split('|').length);
        expect(new Set(widths).size).toBe(1);
      }
    }
  });

  it('cannot forge the comment marker', () => {
    expect(comment.split(commentMarker('checkout-api')).length - 1).toBe(1);
    expect(comment.startsWith(commentMarker('checkout-api'))).toBe(true);
  });

  it('strips terminal escapes and bidi overrides', () => {
    for (const c of HIDDEN) expect(comment).not.toContain(c);
  });

  it('keeps annotations plain but clean', () => {
    const { batches } = buildAnnotations(injectionRun(), { fileExists: () => true });
    const texts = batches.flat().flatMap((a) => [a.title, a.message, a.raw_details ?? '']);
    for (const c of HIDDEN) expect(texts.join('\n')).not.toContain(c);
  });
});
