import { runCli } from '../../../src/app/cli.js';
import { fakeCli, repoFiles, workflow } from './helpers.js';

const examples = repoFiles('examples');

describe('shakedown validate', () => {
  it('accepts the examples and says what each file holds', async () => {
    const cli = fakeCli(examples);
    const code = await runCli(['validate', 'examples/*.yaml', 'examples/templates'], cli);
    expect(cli.err).toBe(
      [
        '✓ examples/api-with-redis.yaml: 1 workflow valid',
        '✓ examples/matrix.yaml: 1 workflow valid',
        '✓ examples/sharded-suite.yaml: 1 workflow valid',
        '✓ examples/templates/postgres.yaml: 0 workflows, 1 template valid',
        '✓ examples/templates/sql-check.yaml: 0 workflows, 1 template valid',
        '✓ examples/with-template.yaml: 1 workflow valid',
        '',
      ].join('\n'),
    );
    expect(cli.out).toBe('');
    expect(code).toBe(0);
  });

  it('passes on the whole examples directory: it holds only valid workflows', async () => {
    const cli = fakeCli(examples);
    const code = await runCli(['validate', 'examples/'], cli);
    // Notices (ℹ, e.g. an ignored cron trigger) are not problems.
    const lines = cli.err
      .trimEnd()
      .split('\n')
      .filter((line) => !line.startsWith('ℹ '));
    expect(lines.filter((line) => !line.startsWith('✓ '))).toEqual([]);
    expect(lines).toHaveLength(examples.length);
    expect(code).toBe(0);
  });

  it('finds templates beside a workflow given alone', async () => {
    const cli = fakeCli(examples);
    expect(await runCli(['validate', 'examples/with-template.yaml'], cli)).toBe(0);
    expect(cli.err).toBe('✓ examples/with-template.yaml: 1 workflow valid\n');
  });

  it('exits 1 and lists problems on stderr', async () => {
    const cli = fakeCli([{ path: 'bad.yaml', text: workflow('steps:\n  - rnu: {}') }]);
    expect(await runCli(['validate', 'bad.yaml'], cli)).toBe(1);
    expect(cli.err).toBe(
      "bad.yaml:7:7 spec.steps[0].rnu: unknown field 'rnu' (did you mean 'run'?)\n✗ 1 problem in 1 file\n",
    );
  });

  it('reports valid and invalid files together', async () => {
    const cli = fakeCli([
      { path: 'a.yaml', text: workflow('steps:\n  - shell: echo ok', 'a') },
      { path: 'b.yaml', text: 'kind: [' },
    ]);
    expect(await runCli(['validate', 'a.yaml', 'b.yaml'], cli)).toBe(1);
    expect(cli.err.split('\n')[0]).toBe('✓ a.yaml: 1 workflow valid');
    expect(cli.err).toContain('b.yaml:1:');
  });

  it('accepts triggers and says once, where they are, that CI decides when runs happen', async () => {
    const text = workflow(
      'events:\n  - cronjob:\n      cron: "0 3 * * *"\n      config:\n        n: 2\nsteps:\n  - shell: echo',
    );
    const cli = fakeCli([{ path: 'cron.yaml', text }]);
    expect(await runCli(['validate', 'cron.yaml'], cli)).toBe(0);
    expect(cli.err).toBe(
      "✓ cron.yaml: 1 workflow valid\nℹ cron.yaml:7:5 spec.events: triggers (cron '0 3 * * *') are ignored: in CI the pipeline decides when runs happen (schedule the pipeline instead)\n",
    );
    const json = fakeCli([{ path: 'cron.yaml', text }]);
    expect(await runCli(['validate', '--format', 'json', 'cron.yaml'], json)).toBe(0);
    expect((JSON.parse(json.out) as { notices: { path: string }[] }).notices).toEqual([
      expect.objectContaining({ file: 'cron.yaml', line: 7, column: 5, path: 'spec.events' }),
    ]);
  });

  it("accepts Testkube's queue and silent mode, each with a notice saying what it does not do", async () => {
    const text = workflow(
      'concurrency:\n  group: nightly\n  max: 1\nexecution:\n  silent: true\nsteps:\n  - shell: echo',
    );
    const cli = fakeCli([{ path: 'queue.yaml', text }]);
    expect(await runCli(['validate', 'queue.yaml'], cli)).toBe(0);
    const lines = cli.err.trim().split('\n');
    expect(lines[0]).toBe('✓ queue.yaml: 1 workflow valid');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^ℹ queue\.yaml:\d+:\d+ spec\.concurrency: is not enforced: .*resource_group/,
      ),
      expect.stringMatching(/^ℹ queue\.yaml:\d+:\d+ spec\.execution\.silent: has no effect/),
    ]);
  });

  it('still refuses a concurrency field Testkube does not define', async () => {
    const text = workflow('concurrency:\n  limit: 1\nsteps:\n  - shell: echo');
    const cli = fakeCli([{ path: 'queue.yaml', text }]);
    expect(await runCli(['validate', 'queue.yaml'], cli)).toBe(1);
    expect(cli.err).toContain("spec.concurrency.limit: unknown field 'limit'");
  });

  it('checks the shape of triggers: a cron job needs its schedule', async () => {
    const cli = fakeCli([
      {
        path: 'c.yaml',
        text: workflow('events:\n  - cronjob:\n      timezone: UTC\nsteps:\n  - shell: echo'),
      },
    ]);
    expect(await runCli(['validate', 'c.yaml'], cli)).toBe(1);
    expect(cli.err).toContain('c.yaml:8:9 spec.events[0].cronjob.cron: is required');
  });

  it('prints a JSON report on stdout with --format json', async () => {
    const cli = fakeCli([
      { path: 'a.yaml', text: workflow('steps:\n  - shell: echo ok', 'a') },
      { path: 'b.yaml', text: workflow('steps:\n  - shell: 3', 'b') },
    ]);
    expect(await runCli(['validate', '--format', 'json', 'a.yaml', 'b.yaml'], cli)).toBe(1);
    expect(cli.err).toBe('');
    expect(JSON.parse(cli.out)).toEqual({
      valid: false,
      files: [
        { file: 'a.yaml', valid: true, workflows: ['a'], templates: [] },
        { file: 'b.yaml', valid: false, workflows: ['b'], templates: [] },
      ],
      diagnostics: [
        {
          file: 'b.yaml',
          line: 7,
          column: 14,
          path: 'spec.steps[0].shell',
          message: 'must be a string',
          text: 'b.yaml:7:14 spec.steps[0].shell: must be a string',
        },
      ],
      notices: [],
    });
  });

  it('prints its help on stdout', async () => {
    const cli = fakeCli([]);
    expect(await runCli(['validate', '--help'], cli)).toBe(0);
    expect(cli.out).toContain('Usage: shakedown validate');
    expect(cli.out).toContain('--format text|json');
  });

  it.each([
    [[], 'give at least one file'],
    [['--format', 'xml', 'a.yaml'], "--format must be 'text' or 'json', not 'xml'"],
    [['--colour', 'a.yaml'], "Unknown option '--colour'"],
    [['missing/*.yaml'], "'missing/*.yaml' matches no file"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const cli = fakeCli([{ path: 'a.yaml', text: workflow('steps:\n  - shell: echo ok') }]);
    expect(await runCli(['validate', ...args], cli)).toBe(2);
    expect(cli.err).toContain(message);
    expect(cli.out).toBe('');
  });
});
