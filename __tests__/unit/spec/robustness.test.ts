// `shakedown validate` must never crash: whatever it is given, it reports problems with a
// position and exits 1. Inputs are generated deterministically (seeded), so a failure here is
// reproducible.
import { parseAllDocuments, stringify } from 'yaml';
import { runCli } from '../../../src/app/cli.js';
import { loadWorkflows, type InputFile, type LoadResult } from '../../../src/core/spec/index.js';
import { fakeCli, repoFiles } from './helpers.js';

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// examples/ holds only valid workflows and templates (and Kubernetes manifests they deploy).
const valid = repoFiles('examples');
const templates = valid.filter((f) => f.path.includes('/templates/'));

function expectPositioned(result: LoadResult): void {
  for (const d of result.diagnostics) {
    expect(d.file).not.toBe('');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toBe('');
  }
}

function expectRejected(files: InputFile[]): LoadResult {
  const result = loadWorkflows(files, templates);
  expectPositioned(result);
  expect(result.diagnostics.length).toBeGreaterThanOrEqual(1);
  return result;
}

describe('robustness of the spec reader', () => {
  it('handles every truncation of the examples', () => {
    const next = random(1);
    for (const file of valid) {
      for (let i = 0; i < 40; i++) {
        const cut = Math.floor(next() * file.text.length);
        const result = loadWorkflows(
          [{ path: file.path, text: file.text.slice(0, cut) }],
          templates,
        );
        expectPositioned(result);
        // A prefix may happen to be complete; it is then read, never silently dropped.
        expect(result.diagnostics.length + result.documents.length).toBeGreaterThan(0);
      }
    }
  });

  it('rejects random bytes', () => {
    const next = random(2);
    for (let i = 0; i < 150; i++) {
      const length = Math.floor(next() * 300);
      const text = Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 256))).join(
        '',
      );
      expectRejected([{ path: 'random.yaml', text }]);
    }
  });

  it('rejects random YAML-looking text', () => {
    const next = random(3);
    const alphabet = [
      ...':-[]{}&*!|>\'"%@`#,? \n\n  \t',
      'a',
      'kind',
      'spec',
      'steps',
      '---',
      '- ',
      ': ',
      '0',
      'true',
    ];
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(next() * 80);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      expectRejected([{ path: 'noise.yaml', text }]);
    }
  });

  describe('a wrong type at every field of the examples', () => {
    // Inside these, Kubernetes objects pass through unchecked, and matrix/shard entries may be
    // anything; replacing the container itself is still checked.
    const FREE = new Set([
      'readinessProbe',
      'securityContext',
      'valueFrom',
      'contentFrom',
      'tokenFrom',
      'usernameFrom',
      'volumes',
      'tolerations',
      'topologySpreadConstraints',
      'dnsConfig',
      'affinity',
      'hostAliases',
      'volumeMounts',
      'envFrom',
      'matrix',
      'shards',
    ]);

    function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
      // A transfer's `files` is a list or an expression (a string): no wrong type but null.
      const owner = String(at[at.length - 3]);
      if (at[at.length - 1] === 'files' && (owner === 'transfer' || owner === 'fetch')) return [];
      const out = [at];
      if (value === null || typeof value !== 'object' || FREE.has(String(at[at.length - 1])))
        return out;
      for (const [key, child] of Object.entries(value)) {
        out.push(...paths(child, [...at, Array.isArray(value) ? Number(key) : key]));
      }
      return out;
    }

    function replaced(root: unknown, at: (string | number)[]): unknown {
      if (at.length === 0) return typeof root === 'object' ? 'wrong' : { wrong: [1] };
      const copy = structuredClone(root) as Record<string | number, unknown>;
      let node = copy;
      for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      const last = at[at.length - 1];
      node[last] = node[last] !== null && typeof node[last] === 'object' ? 'wrong' : { wrong: [1] };
      return copy;
    }

    it.each(valid.map((f) => [f.path, f]))('%s', (_, file) => {
      for (const doc of parseAllDocuments(file.text, { version: '1.1' })) {
        const value: unknown = doc.toJS();
        const all = paths(value);
        expect(all.length).toBeGreaterThan(10);
        for (const at of all) {
          const text = stringify(replaced(value, at), { version: '1.1' });
          expectRejected([{ path: file.path, text }]);
        }
      }
    });
  });

  it('rejects a file over the size limit and reads a large one', () => {
    expectRejected([{ path: 'huge.yaml', text: `a: ${'x'.repeat(6 * 1024 * 1024)}\n` }]);
    const large = valid[0].text.replace(
      'content: |',
      `content: |\n          // ${'y'.repeat(2 * 1024 * 1024)}`,
    );
    expect(large.length).toBeGreaterThan(2 * 1024 * 1024);
    const result = loadWorkflows([{ path: valid[0].path, text: large }]);
    expect(result.diagnostics).toEqual([]);
  });

  it('rejects deep nesting of every kind', () => {
    for (const text of [
      '['.repeat(100_000),
      '{a: '.repeat(20_000),
      '- '.repeat(10_000) + 'x',
      `${'a:\n '.repeat(3_000)}b`,
    ]) {
      expectRejected([{ path: 'deep.yaml', text }]);
    }
  });

  it('makes `shakedown validate` exit 1, never 2, on all of it', async () => {
    const next = random(4);
    const files: InputFile[] = [
      { path: 'a.yaml', text: '' },
      { path: 'b.yaml', text: '\u0000' },
      { path: 'c.yaml', text: ':\n:' },
      { path: 'd.yaml', text: valid[0].text.slice(0, 300) + '\n  steps: [' },
      {
        path: 'e.yaml',
        text: Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(next() * 128))).join(
          '',
        ),
      },
    ];
    for (const file of files) {
      const cli = fakeCli(files);
      expect(await runCli(['validate', file.path], cli)).toBe(1);
      expect(cli.err).toMatch(new RegExp(`^${file.path}:\\d+:\\d+ `));
    }
  });
});
