import {
  locateFailure,
  sameFile,
  stackLocations,
} from '../../../src/core/results/stack-location.js';

describe('stackLocations', () => {
  it.each([
    [
      'node',
      'Error: boom\n    at Object.<anonymous> (src/foo.test.ts:12:5)\n    at run (node_modules/jest/x.js:1:1)',
      'src/foo.test.ts',
      12,
    ],
    [
      'node without function',
      '    at /data/repo/test/api.spec.mjs:7:3',
      '/data/repo/test/api.spec.mjs',
      7,
    ],
    [
      'node file URL',
      '    at file:///data/repo/test/a.test.js:30:9',
      '/data/repo/test/a.test.js',
      30,
    ],
    [
      'python traceback',
      'Traceback (most recent call last):\n  File "/usr/lib/python3.12/unittest/case.py", line 58, in testPartExecutor\n  File "tests/test_x.py", line 12, in test_x\nAssertionError',
      'tests/test_x.py',
      12,
    ],
    [
      'pytest long repr',
      '>       assert 1 == 2\nE       assert 1 == 2\n\ntests/test_math.py:8: AssertionError',
      'tests/test_math.py',
      8,
    ],
    ['go test', '    foo_test.go:12: got 1, want 2', 'foo_test.go', 12],
    [
      'rspec',
      "# ./spec/models/cart_spec.rb:33:in `block (2 levels) in <top (required)>'",
      'spec/models/cart_spec.rb',
      33,
    ],
    [
      'dotnet',
      '   at Shop.Tests.CartTests.Total() in /src/Shop.Tests/CartTests.cs:line 42',
      '/src/Shop.Tests/CartTests.cs',
      42,
    ],
    [
      'jvm',
      '\tat org.junit.Assert.fail(Assert.java:89)\n\tat com.acme.CartTest.total(CartTest.java:27)',
      'com/acme/CartTest.java',
      27,
    ],
    [
      'windows',
      '    at Object.<anonymous> (C:\\work\\app\\src\\a.test.ts:3:1)',
      'C:/work/app/src/a.test.ts',
      3,
    ],
  ])('finds the user frame in a %s stack', (_kind, text, file, line) => {
    expect(stackLocations(text)[0]).toEqual({ file, line });
  });

  it('skips library and runtime frames and ignores host:port text', () => {
    const text = [
      'connect ECONNREFUSED 10.0.0.1:5432 (postgres.svc:5432)',
      '    at node:internal/process/task_queues:95:5',
      '    at internal/main/run_main_module.js:23:47',
      '    at /data/repo/node_modules/pg/lib/client.js:132:20',
      '  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect',
      '/root/go/pkg/mod/github.com/stretchr/testify@v1.9.0/assert/assertions.go:100: x',
    ].join('\n');
    expect(stackLocations(text)).toEqual([]);
  });
});

describe('locateFailure', () => {
  const stack =
    '    at helper (test/helpers.ts:4:9)\n    at Object.<anonymous> (/data/repo/test/cart.test.ts:21:3)';

  it('takes the first user frame by default', () => {
    expect(locateFailure(stack)).toEqual({ file: 'test/helpers.ts', line: 4 });
  });

  it('takes the frame in the named file when the report named one, and nothing else', () => {
    expect(locateFailure(stack, { file: 'test/cart.test.ts' })).toEqual({
      file: '/data/repo/test/cart.test.ts',
      line: 21,
    });
    expect(locateFailure(stack, { file: 'test/other.test.ts' })).toBeUndefined();
  });

  it("prefers the JVM frame of the test's own class", () => {
    const jvm =
      '\tat com.acme.Cart.add(Cart.java:33)\n\tat com.acme.CartTest.total(CartTest.java:58)';
    expect(locateFailure(jvm, { classname: 'com.acme.CartTest' })).toEqual({
      file: 'com/acme/CartTest.java',
      line: 58,
    });
  });
});

describe('sameFile', () => {
  it('matches a relative path against an absolute one at a path boundary', () => {
    expect(sameFile('/data/repo/src/a.ts', 'src/a.ts')).toBe(true);
    expect(sameFile('./src/a.ts', 'src/a.ts')).toBe(true);
    expect(sameFile('/data/repo/xsrc/a.ts', 'src/a.ts')).toBe(false);
  });
});
