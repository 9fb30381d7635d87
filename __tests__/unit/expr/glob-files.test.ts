import { describe, expect, it } from '@jest/globals';
import { callsGlob, evaluate, globFiles, globRoots } from '../../../src/core/expr/index.js';

// The same tree as Testkube's own glob test: relative patterns start at the working directory.
const listing = {
  workingDir: '/etc',
  files: ['/etc/file1.txt', '/else/file1.txt', '/another-file.txt', '/etc/nested/file2.json'],
};

describe('globFiles', () => {
  it('matches relative patterns from the working directory, recursively with **', () => {
    expect(globFiles(listing, ['**/*'])).toEqual(['/etc/file1.txt', '/etc/nested/file2.json']);
    expect(globFiles(listing, ['*'])).toEqual(['/etc/file1.txt']);
    expect(globFiles(listing, ['**/*.json', '*.txt'])).toEqual([
      '/etc/file1.txt',
      '/etc/nested/file2.json',
    ]);
  });

  it('matches absolute patterns anywhere and drops !exclusions', () => {
    expect(globFiles(listing, ['/**/*.txt'])).toEqual([
      '/another-file.txt',
      '/else/file1.txt',
      '/etc/file1.txt',
    ]);
    expect(globFiles(listing, ['/**/*.txt', '!/else/**/*'])).toEqual([
      '/another-file.txt',
      '/etc/file1.txt',
    ]);
    expect(globFiles(listing, ['../else/*.txt'])).toEqual(['/else/file1.txt']);
  });

  it('gives an empty list when nothing matches, and refuses only exclusions', () => {
    expect(globFiles(listing, ['*.yaml'])).toEqual([]);
    expect(() => globFiles(listing, ['!*.txt'])).toThrow(/at least one pattern/);
  });
});

describe('glob() in expressions', () => {
  const glob = (patterns: string[]) => globFiles(listing, patterns);

  it('evaluates against the listing it is bound to', () => {
    expect(evaluate('glob("nested/*.json")', {}, { glob })).toEqual(['/etc/nested/file2.json']);
    expect(evaluate('len(glob("/**/*.txt", "!/else/**"))', {}, { glob })).toBe(2);
  });

  it('stays refused by name when no listing is bound', () => {
    expect(() => evaluate('glob("*.txt")', {})).toThrow(
      /function 'glob' is not supported by Shakedown/,
    );
  });

  it('refuses patterns that are not strings', () => {
    expect(() => evaluate('glob(1)', {}, { glob })).toThrow(/string patterns, got/);
  });

  it('tells which expressions call glob()', () => {
    expect(callsGlob('glob("a/*.js")')).toBe(true);
    expect(callsGlob('map(glob("a/*.js"), "_.value")')).toBe(true);
    expect(callsGlob('"glob(x)"')).toBe(false);
    expect(callsGlob('list(1, 2)')).toBe(false);
  });
});

describe('globRoots', () => {
  it('lists only the static prefixes of the patterns, a root inside another once', () => {
    expect(globRoots(['cypress/e2e/**/*.js', '!cypress/e2e/skip/**'], '/data/repo')).toEqual([
      '/data/repo/cypress/e2e',
    ]);
    expect(globRoots(['/data/tests/*.txt', '/data/**/*.md', '/etc/x'], '/')).toEqual([
      '/data',
      '/etc/x',
    ]);
    expect(globRoots(['/**/*.txt'], '/data')).toEqual(['/']);
  });
});
