// A run whose every text field carries an attack on the rendered report.
import type { RunResult } from '../../../src/core/results/model.js';
import { run, service, step } from '../results/samples.js';

export const ATTACKS = [
  '<script>alert("xss")</script>',
  '</summary></details><img src=x onerror=alert(1)>',
  '| broken | table |',
  '```\n</details>\n# escaped the fence',
  '[click me](javascript:alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '@octocat and @acme/security-team please look',
  'fixes #123 and acme/shop#7',
  '$\\color{red}{\\text{ALL TESTS PASSED}}$',
  '<!-- shakedown:checkout-api -->',
  '**bold** _em_ ~~strike~~ `code`',
  '# heading',
  '- list item',
  '1. numbered',
  '\u001b[32mPASS\u001b[0m \u202eevil\u202c and a NUL \u0000 here',
  '<a href="https://evil.example">legit link</a>',
  'backslash \\| pipe and \\` tick',
  '&lt;already escaped&gt; &amp; entity',
];

export function injectionRun(): RunResult {
  const cases = ATTACKS.map((attack, i) => ({
    name: attack,
    classname: attack,
    status: i % 2 === 0 ? ('failed' as const) : ('skipped' as const),
    message: attack,
    details: `${attack}\n\`\`\`\`\n~~~\n</details>\n<script>alert(2)</script>\n@octocat`,
    file: `src/${i}.test.ts`,
    line: i + 1,
  }));
  return run({
    status: 'error',
    error: { message: ATTACKS.join(' '), reason: '<b>@admin</b>' },
    services: [
      service('<img src=x>', 0, { status: 'failed', reason: '@octocat', message: '| x | y |' }),
    ],
    links: {
      '<b>Job</b> @octocat': 'https://github.com/acme/shop/actions/runs/1',
      evil: 'javascript:alert(1)',
    },
    steps: [
      step('@octocat | <script>', {
        status: 'failed',
        reason: '</details>',
        message: ATTACKS.slice(0, 8).join(' '),
        suites: [{ name: '[x](javascript:alert(1)) @octocat', cases, suites: [] }],
      }),
    ],
  });
}
