import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { planCommand } from '../../../src/app/commands/plan.js';
import { runCli } from '../../../src/app/cli.js';
import { LocalFileSource } from '../../../src/adapters/fs/local-file-source.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import { expectGolden } from '../report/golden.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const GOLDEN = join(HERE, 'golden');
const REPO = join(HERE, '../../..');

type Outcome = { code: number; stdout: string; stderr: string };

async function runIn(cwd: string, args: string[], command = planCommand): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const env: CliEnvironment = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    files: new LocalFileSource(cwd),
  };
  const code = await command(args, env);
  return { code, stdout, stderr };
}

const run = (...args: string[]) => runIn(FIXTURES, args);

describe('shakedown plan: golden plans of realistic workflows', () => {
  it.each(['api-suite', 'browser-sharded', 'sharded-max-count', 'matrix', 'local-template'])(
    '%s',
    async (name) => {
      const result = await run(`${name}.yaml`);
      // api-suite's newman step runs its image's entrypoint, which only the run can read.
      expect(result.stderr).toBe(
        name === 'api-suite'
          ? "note: spec.steps[1] ('API tests') runs the entrypoint of image 'postman/newman:6-alpine'; it is read from the image's registry when the run starts.\n"
          : '',
      );
      expect(result.code).toBe(0);
      expectGolden(GOLDEN, `${name}.plan.yaml`, result.stdout);
    },
  );

  it('prints the same plan as JSON', async () => {
    const yaml = await run('api-suite.yaml');
    const json = await run('api-suite.yaml', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(parse(yaml.stdout));
  });

  it('never prints sensitive values', async () => {
    const result = await run('api-suite.yaml', '--config', 'dbPassword=hunter22');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('hunter22');
    expect(result.stdout).toContain('postgres://postgres:***@{{ services.db.0.ip }}:5432/orders');
  });

  it('lowers maxCount to the number of shard values', async () => {
    const workers = async (...config: string[]) => {
      const result = await run('sharded-max-count.yaml', ...config);
      expect(result.code).toBe(0);
      return (parse(result.stdout).steps[0].parallel.workers as { name: string }[]).map(
        (w) => w.name,
      );
    };
    // The default, 5, is more than the 3 files: 3 workers per browser.
    expect(await workers()).toHaveLength(6);
    expect(await workers('--config', 'maxWorkers=2')).toEqual([
      'Suite #1 (chromium 1/2: cart.spec.ts, checkout.spec.ts)',
      'Suite #2 (chromium 2/2: login.spec.ts)',
      'Suite #3 (firefox 1/2: cart.spec.ts, checkout.spec.ts)',
      'Suite #4 (firefox 2/2: login.spec.ts)',
    ]);
  });

  it('applies --config values', async () => {
    const result = await run('browser-sharded.yaml', '--config', 'workers=5');
    const plan = parse(result.stdout);
    expect(plan.config.workers).toBe(5);
    expect(plan.steps[1].parallel.workers).toHaveLength(5);
  });
});

// The repository's examples (run end to end on the local cluster) must keep planning; when one
// changes on purpose, refresh its golden plan with UPDATE_GOLDEN=1 and review the diff.
describe('shakedown plan: golden plans of the examples', () => {
  it.each([
    ['api-with-redis', ['examples/api-with-redis.yaml']],
    ['sharded-suite', ['examples/sharded-suite.yaml']],
    ['matrix', ['examples/matrix.yaml']],
    // Its templates are found beside it (examples/templates/) without being named.
    ['with-template', ['examples/with-template.yaml']],
  ])('%s', async (name, args) => {
    const result = await runIn(REPO, args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectGolden(GOLDEN, `examples/${name}.plan.yaml`, result.stdout);
  });

  it('reach services both by DNS name and by the address of an instance', async () => {
    const plan = async (file: string) => parse((await runIn(REPO, [file])).stdout);
    const redis = await plan('examples/api-with-redis.yaml');
    // The engine gives every service a headless Service named after it.
    expect(redis.steps[1].container.env).toContainEqual({
      name: 'REDIS_HOST',
      value: redis.services[0].name,
    });
    expect(redis.steps[0].container.shell).toContain('{{ services.redis.0.ip }}');
    const postgres = await plan('examples/with-template.yaml');
    expect(postgres.steps[0].container.env).toContainEqual({
      name: 'PGHOST',
      value: '{{ services.db.0.ip }}',
    });
  });

  it("masks the values of a template's sensitive parameters and lists them", async () => {
    const result = await runIn(REPO, ['examples/with-template.yaml', '--format', 'json']);
    expect(result.code).toBe(0);
    // examples/templates/postgres.yaml: `password` is sensitive, its default `shakedown`.
    expect(result.stdout).not.toContain('shakedown');
    const plan = JSON.parse(result.stdout);
    expect(plan.sensitiveValues).toEqual(['***']);
    expect(plan.services[0].instances[0].container.env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      value: '***',
    });
  });

  it('is reachable through the CLI dispatcher', async () => {
    const result = await runIn(REPO, ['plan', 'examples/matrix.yaml', '--format', 'json'], runCli);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: 1, workflow: 'matrix' });
  });
});

describe('shakedown plan: problems', () => {
  it('reports every bad expression with file:line:col, path and the expression', async () => {
    const result = await run('bad-expressions.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expectGolden(GOLDEN, 'bad-expressions.txt', result.stderr);
  });

  it('reports every bad config value, unknown key and missing required value', async () => {
    const result = await run(
      'config-types.yaml',
      ...['--config', 'workers=0', '--config', 'browser=safari', '--config', 'version=1.0'],
      ...['--config', 'verbose=maybe', '--config', 'colour=red'],
    );
    expect(result.code).toBe(1);
    expectGolden(GOLDEN, 'bad-config.txt', result.stderr);
  });

  it('asks for --name when the inputs hold several workflows', async () => {
    const result = await run('api-suite.yaml', 'matrix.yaml');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'shakedown plan: the inputs hold several workflows; choose one with --name: api-suite, matrix\n',
    });
    const chosen = await run('api-suite.yaml', 'matrix.yaml', '--name', 'matrix');
    expect(parse(chosen.stdout).workflow).toBe('matrix');
  });

  it('names the workflows when --name matches none', async () => {
    const result = await run('matrix.yaml', '--name', 'nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "shakedown plan: no workflow named 'nope' in the inputs; they hold: matrix\n",
    );
  });

  it('reports spec problems of the chosen workflow with exit 1', async () => {
    const result = await run(
      'local-template.yaml',
      'bad-spec/unsupported.yaml',
      '--name',
      'unsupported',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^bad-spec\/unsupported\.yaml:\d+:\d+ spec\.timeouts: 'timeouts' is not supported by Shakedown \(Testkube field\); Testkube's scheduler gives up/,
    );
  });

  it('plans a workflow with triggers and prints one notice that they are ignored', async () => {
    const result = await run('events.yaml');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "ℹ events.yaml:7:5 spec.events: triggers (cron '0 * * * *', '*/5 * * * *') are ignored: in CI the pipeline decides when runs happen (schedule the pipeline instead)\n",
    );
    expect(result.stdout).toContain('workflow: events');
  });

  it.each([
    [
      ['--config', 'novalue', 'matrix.yaml'],
      "--config 'novalue' is not KEY=VALUE (e.g. --config workers=3).",
    ],
    [['--format', 'xml', 'matrix.yaml'], "--format must be 'yaml' or 'json', not 'xml'."],
    [[], 'give at least one file, directory or glob.'],
    [['--bogus', 'matrix.yaml'], "Unknown option '--bogus'"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: shakedown plan');
  });

  it('exits 2 when an input matches no file', async () => {
    const result = await run('missing.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'missing.yaml' matches no file");
  });

  it('prints help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--config KEY=VALUE');
  });
});

describe('shakedown plan: steps that run their image entrypoint', () => {
  it('plans them offline and says the entrypoint is read at run time', async () => {
    const result = await runIn(REPO, ['examples/e2e/image-entrypoint.yaml']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        "note: spec.steps[0] ('entrypoint and args') runs the entrypoint of image '127.0.0.1:5000/shakedown/entrypoint-demo:1'; it is read from the image's registry when the run starts.",
        "note: spec.steps[1] ('entrypoint and cmd') runs the entrypoint of image '127.0.0.1:5000/shakedown/entrypoint-demo:1'; it is read from the image's registry when the run starts.",
        "note: spec.steps[2] ('busybox cmd') runs the entrypoint of image '127.0.0.1:5000/library/busybox:1.36'; it is read from the image's registry when the run starts.",
        '',
      ].join('\n'),
    );
  });
});
