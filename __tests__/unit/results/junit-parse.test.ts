import { isJUnit, parseJUnit } from '../../../src/core/results/junit-parse.js';
import type { TestCase, TestSuite } from '../../../src/core/results/model.js';
import { ResultsParseError } from '../../../src/core/results/parse-error.js';
import { tally } from '../../../src/core/results/totals.js';
import { fixture } from './samples.js';

function byName(suites: TestSuite[], name: string): TestCase {
  const all: TestCase[] = [];
  const walk = (list: TestSuite[]) => list.forEach((s) => (all.push(...s.cases), walk(s.suites)));
  walk(suites);
  const found = all.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name} in ${all.map((c) => c.name).join(', ')}`);
  return found;
}

describe('parseJUnit flavours', () => {
  it('reads surefire: single <testsuite> root, properties, failure vs error, skipped, case output', () => {
    const suites = parseJUnit(
      fixture('surefire-TEST-com.acme.shop.CartServiceTest.xml'),
      'target/TEST.xml',
    );
    expect(suites).toHaveLength(1);
    const [suite] = suites;
    expect(suite).toMatchObject({
      name: 'com.acme.shop.CartServiceTest',
      durationMs: 231,
      source: 'target/TEST.xml',
    });
    expect(suite!.properties).toMatchObject({
      'java.specification.version': '17',
      'user.dir': '/data/repo',
    });
    expect(tally(suites)).toEqual({ total: 5, passed: 2, failed: 1, skipped: 1, errors: 1 });
    expect(byName(suites, 'appliesPercentageDiscount')).toMatchObject({
      status: 'failed',
      classname: 'com.acme.shop.CartServiceTest',
      message: 'expected: <85.00> but was: <90.00>',
      type: 'org.opentest4j.AssertionFailedError',
      file: 'com/acme/shop/CartServiceTest.java',
      line: 47,
      durationMs: 41,
    });
    expect(byName(suites, 'appliesPercentageDiscount').details).toMatch(
      /^org\.opentest4j\.AssertionFailedError: expected: <85\.00>/,
    );
    expect(byName(suites, 'appliesPercentageDiscount').systemOut).toContain(
      'applying discount 15%',
    );
    // The test's own frame is chosen, not the first user frame (CartService.add).
    expect(byName(suites, 'rejectsUnknownSku')).toMatchObject({
      status: 'error',
      type: 'java.lang.NullPointerException',
      file: 'com/acme/shop/CartServiceTest.java',
      line: 58,
    });
    expect(byName(suites, 'syncsWithInventory')).toMatchObject({
      status: 'skipped',
      message: 'inventory service not available in this profile',
      durationMs: 0,
    });
  });

  it('reads jest-junit: <testsuites>, failure text without message attribute, stack location', () => {
    const suites = parseJUnit(fixture('jest-junit.xml'), 'junit.xml');
    expect(suites.map((s) => s.name)).toEqual(['cart api', 'health']);
    expect(suites[0]).toMatchObject({ timestamp: '2024-05-02T09:14:02', durationMs: 2510 });
    expect(tally(suites)).toEqual({ total: 6, passed: 4, failed: 1, skipped: 1, errors: 0 });
    const failed = byName(suites, 'cart api GET /cart/total applies the discount');
    expect(failed).toMatchObject({
      status: 'failed',
      message: 'Error: expect(received).toBe(expected) // Object.is equality',
      file: '/data/repo/src/cart.api.test.ts',
      line: 42,
    });
    expect(failed.details).toContain(
      'at Object.<anonymous> (/data/repo/src/cart.api.test.ts:42:31)',
    );
    expect(failed.type).toBeUndefined();
    expect(byName(suites, 'cart api DELETE /cart empties the cart').status).toBe('skipped');
  });

  it('reads pytest: 0-based line attributes, assertion line from the report, setup errors', () => {
    const suites = parseJUnit(fixture('pytest-xunit1.xml'), 'report.xml');
    expect(suites[0]).toMatchObject({ name: 'pytest', durationMs: 412 });
    expect(tally(suites)).toEqual({ total: 5, passed: 2, failed: 1, skipped: 1, errors: 1 });
    expect(byName(suites, 'test_add_item')).toMatchObject({
      file: 'tests/test_cart.py',
      line: 9,
      status: 'passed',
    });
    const failed = byName(suites, 'test_total_with_discount');
    expect(failed).toMatchObject({ file: 'tests/test_cart.py', line: 24, status: 'failed' });
    expect(failed.message).toBe(
      'assert 90.0 == 85.0\n +  where 90.0 = <bound method Cart.total of <app.cart.Cart object at 0x7f2a1c3b5d90>>()',
    );
    expect(failed.systemOut).toContain('discount 15 applied');
    // The error text names conftest.py and site-packages, not the test file: keep the test's line.
    expect(byName(suites, 'test_orders_table_exists')).toMatchObject({
      status: 'error',
      file: 'tests/test_db.py',
      line: 12,
    });
    expect(byName(suites, 'test_migrations_are_idempotent')).toMatchObject({
      status: 'skipped',
      message: 'needs MIGRATIONS_DIR',
      type: 'pytest.skip',
    });
    expect(byName(suites, 'test_healthz').systemErr).toBe(
      'DeprecationWarning: datetime.utcnow() is deprecated',
    );
  });

  it('reads go-junit-report: CDATA failures, properties, suite output, build errors', () => {
    const suites = parseJUnit(fixture('go-junit-report.xml'), 'go.xml');
    expect(suites.map((s) => s.name)).toEqual([
      'github.com/acme/shop/internal/cart',
      'github.com/acme/shop/internal/store',
    ]);
    expect(suites[0]!.properties).toEqual({ 'go.version': 'go1.22.2 linux/amd64' });
    expect(suites[0]!.systemOut).toBe('ok  \tgithub.com/acme/shop/internal/cart\t0.014s');
    expect(byName(suites, 'TestTotal/with_discount')).toMatchObject({
      status: 'failed',
      message: 'Failed',
      details: '    cart_test.go:42: Total() = 90, want 85',
      file: 'cart_test.go',
      line: 42,
    });
    expect(byName(suites, 'TestSync')).toMatchObject({ status: 'skipped', message: 'Skipped' });
    expect(byName(suites, '[build failed]')).toMatchObject({
      status: 'error',
      file: 'internal/store/redis_test.go',
      line: 18,
    });
  });

  it('reads nested suites (PHPUnit) as a tree, with file attributes and data-set names', () => {
    const suites = parseJUnit(fixture('phpunit-nested.xml'), 'phpunit.xml');
    expect(suites).toHaveLength(1);
    const unit = suites[0]!.suites[0]!;
    expect(unit.name).toBe('Unit');
    expect(unit.suites.map((s) => s.name)).toEqual([
      'Tests\\Unit\\CartTest',
      'Tests\\Unit\\PriceTest',
    ]);
    expect(unit.suites[0]!.suites[0]!.cases[0]!.name).toBe('testRounding with data set "half up"');
    expect(tally(suites)).toEqual({ total: 4, passed: 3, failed: 1, skipped: 0, errors: 0 });
    expect(byName(suites, 'testTotalWithDiscount')).toMatchObject({
      classname: 'Tests.Unit.CartTest',
      file: '/data/repo/tests/Unit/CartTest.php',
      line: 29,
      message: 'Tests\\Unit\\CartTest::testTotalWithDiscount',
    });
    expect(byName(suites, 'testFormat')).toMatchObject({
      file: '/data/repo/tests/Unit/PriceTest.php',
      line: 10,
    });
  });

  it('accepts test cases directly under <testsuites> and empty documents', () => {
    const xml =
      '<testsuites name="mocha"><testcase name="a" time="0.5"/><testcase name="b"><failure message="x"/></testcase></testsuites>';
    expect(parseJUnit(xml, 'm.xml')).toEqual([
      {
        name: 'mocha',
        source: 'm.xml',
        cases: [
          { name: 'a', status: 'passed', durationMs: 500 },
          { name: 'b', status: 'failed', message: 'x' },
        ],
        suites: [],
      },
    ]);
    expect(parseJUnit('<?xml version="1.0"?>\n<testsuites/>', 'e.xml')).toEqual([]);
  });

  it('ignores unreadable times and strips terminal colours and control characters', () => {
    const xml =
      '<testsuite name="s" time="n/a"><testcase name="t&#x1b;[31m" time="1,234.5"><failure>\u001b[31mboom\u001b[0m&#x7;</failure></testcase></testsuite>';
    const [suite] = parseJUnit(xml, 'c.xml');
    expect(suite!.durationMs).toBeUndefined();
    expect(suite!.cases[0]).toMatchObject({
      name: 't',
      durationMs: 1_234_500,
      message: 'boom',
      details: 'boom',
    });
  });
});

describe('parseJUnit hardening', () => {
  const refuse = (xml: string) => () => parseJUnit(xml, 'artifacts/evil.xml');

  it('refuses a DOCTYPE, so no external entity is ever fetched', () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE testsuites [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<testsuites><testsuite name="&xxe;"/></testsuites>';
    expect(refuse(xxe)).toThrow(ResultsParseError);
    expect(refuse(xxe)).toThrow('artifacts/evil.xml:2:1: a DOCTYPE is refused');
  });

  it('refuses entity declarations anywhere (billion laughs)', () => {
    const lol =
      '<testsuites><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><testsuite name="&b;"/></testsuites>';
    expect(refuse(lol)).toThrow(
      "artifacts/evil.xml: cannot read XML: entity declarations are refused (found 'a')",
    );
  });

  it('does not expand undeclared entities', () => {
    const [suite] = parseJUnit('<testsuite name="&nbsp;&xxe;&#65;&#x42;"/>', 'x.xml');
    expect(suite!.name).toBe('&nbsp;&xxe;AB');
  });

  it('refuses input over 50 MiB before parsing', () => {
    const big = `<testsuite name="big"><system-out>${'x'.repeat(50 * 1024 * 1024)}</system-out></testsuite>`;
    expect(refuse(big)).toThrow(
      /evil\.xml: XML report is \d+ bytes; at most 52428800 bytes \(50 MiB\)/,
    );
  });

  it('refuses nesting deeper than 64 elements', () => {
    const deep = `<testsuites>${'<testsuite>'.repeat(80)}${'</testsuite>'.repeat(80)}</testsuites>`;
    expect(refuse(deep)).toThrow('elements nest deeper than 64 levels');
  });

  it('names the line and column of malformed XML', () => {
    expect(refuse('<testsuites>\n  <testsuite name="a">\n</testsuites>')).toThrow(
      /^artifacts\/evil\.xml:3:\d+: not well-formed XML/,
    );
  });

  it('names another root element', () => {
    expect(refuse('<html><body/></html>')).toThrow(
      'artifacts/evil.xml: root element is <html>; expected <testsuites> or <testsuite> (JUnit XML)',
    );
  });
});

describe('isJUnit', () => {
  it('recognises JUnit roots after a declaration, BOM or comments', () => {
    expect(isJUnit(fixture('jest-junit.xml'))).toBe(true);
    expect(isJUnit(fixture('surefire-TEST-com.acme.shop.CartServiceTest.xml'))).toBe(true);
    expect(isJUnit('\ufeff<!-- generated --><testsuites/>')).toBe(true);
  });

  it('rejects other documents', () => {
    expect(isJUnit('<html><testsuite/></html>')).toBe(false);
    expect(isJUnit(fixture('ctrf-playwright.json'))).toBe(false);
    expect(isJUnit('<testsuitesX/>')).toBe(false);
  });
});
