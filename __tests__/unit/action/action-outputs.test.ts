import { actionOutputs } from '../../../src/app/action/action-outputs.js';
import { runResult } from './run-fixtures.js';

describe('actionOutputs', () => {
  it('reports one workflow with its files and links', () => {
    const result = runResult({ cases: ['passed', 'failed', 'error', 'skipped', 'passed'] });
    expect(
      actionOutputs([
        {
          result,
          resultsFile: '/w/shakedown-results/results.json',
          junitFile: '/w/shakedown-results/junit.xml',
          links: { checkUrl: 'https://github.com/acme/shop/runs/1', commentUrl: 'https://c/1' },
        },
      ]),
    ).toEqual({
      result: 'failed',
      total: '5',
      passed: '2',
      failed: '2',
      skipped: '1',
      'results-file': '/w/shakedown-results/results.json',
      'junit-file': '/w/shakedown-results/junit.xml',
      namespace: 'sd-shop-api-r1a2b3',
      'check-run-url': 'https://github.com/acme/shop/runs/1',
      'comment-url': 'https://c/1',
    });
  });

  it('sums several workflows, keeps the worst result and lists one value per line', () => {
    const outputs = actionOutputs([
      { result: runResult({ workflow: 'a', cases: ['passed'] }), links: { checkUrl: 'u1' } },
      {
        result: runResult({ workflow: 'b', status: 'timed_out', cases: ['failed'] }),
        links: { checkUrl: 'u2' },
      },
    ]);
    expect(outputs.result).toBe('timed_out');
    expect(outputs.total).toBe('2');
    expect(outputs['check-run-url']).toBe('u1\nu2');
    expect(outputs.namespace).toBe('sd-a-r1a2b3\nsd-b-r1a2b3');
    expect(outputs['comment-url']).toBe('');
  });
});
