// The GitHub workflows against SchemaStore's github-workflow.json (vendored, see
// __tests__/support/vendor-github-workflow-schema.js), what release.yml must do on a tag, and
// the gate it runs first (scripts/release-version.js).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';

const schema = JSON.parse(
  readFileSync('__tests__/support/fixtures/github-workflow.schema.json', 'utf8'),
) as { $id: string };
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  validateFormats: false,
});
const validate = ajv.compile(schema);

function problems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
}

const workflows = readdirSync('.github/workflows').filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) =>
  parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const release = read('release.yml');
const steps = (job: string) => release.jobs[job].steps as { run?: string; if?: string }[];
const runs = (job: string) => steps(job).map((s) => s.run ?? '');

describe('the GitHub workflows', () => {
  it('are checked against SchemaStore’s schema', () => {
    expect(schema.$id).toBe('https://json.schemastore.org/github-workflow.json');
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflows)('%s is accepted by the schema', (file) => {
    expect(problems(read(file))).toEqual([]);
  });

  it('is checked by the schema for real: a misspelt keyword is refused', () => {
    const broken = structuredClone(release);
    broken.jobs.publish['run-on'] = broken.jobs.publish['runs-on'];
    delete broken.jobs.publish['runs-on'];
    expect(problems(broken).length).toBeGreaterThan(0);
  });
});

describe('release.yml', () => {
  it('runs on semver tags only', () => {
    expect(release.on).toEqual({
      push: { tags: ['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*'] },
    });
  });

  it('publishes only after the CI checks (dist fresh, lint, all tests) pass on the tag', () => {
    expect(release.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
    expect(read('ci.yml').on).toHaveProperty('workflow_call');
    expect(JSON.stringify(read('ci.yml').jobs.checks)).toContain('dist/ is stale');
    expect(release.jobs.publish.needs).toEqual(['version', 'ci']);
  });

  it('publishes to npm with provenance, from a packed tarball stamped with the commit', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(release.jobs.publish.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const commands = runs('publish');
    expect(commands).toContain('npm pack');
    expect(commands.find((c) => c.startsWith('npm publish'))).toMatch(
      /^npm publish "shakedown-\$VERSION\.tgz" --provenance --access public --tag /,
    );
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(manifest.scripts.prepack).toBe('node scripts/stamp-commit.js');
  });

  it('creates a GitHub release with notes, then moves the major tag when the gate says so', () => {
    const commands = runs('publish');
    expect(commands.find((c) => c.startsWith('gh release create'))).toMatch(
      /"\$GITHUB_REF_NAME" "shakedown-\$VERSION\.tgz" --verify-tag .*--generate-notes/,
    );
    const move = steps('publish').find((s) => s.run?.includes('git tag --force'))!;
    expect(move.if).toBe("needs.version.outputs.move-major == 'true'");
    expect(move.run).toContain('git push --force origin "refs/tags/$MAJOR"');
  });

  it('tags the GitLab component project with the same version, without the token on disk', () => {
    const job = release.jobs['gitlab-component'];
    expect(job.needs).toEqual(['version', 'publish']);
    const push = runs('gitlab-component').join('\n');
    expect(push).toContain('git subtree split --prefix gitlab');
    expect(push).toContain('"component:refs/tags/$VERSION"');
    expect(push).not.toMatch(/https:\/\/[^"\s]*\$TOKEN/);
  });
});

describe('scripts/release-version.js', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const gate = (tag: string, tags: string[] = [], repository = 'shakedown/shakedown') => {
    const run = spawnSync(process.execPath, ['scripts/release-version.js', tag, ...tags], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_REPOSITORY: repository },
    });
    const outputs = Object.fromEntries(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=') as [string, string]),
    );
    return { code: run.status, outputs, stderr: run.stderr };
  };

  it('gives the version, npm dist-tag and major tag of a release that is the newest', () => {
    expect(gate(`v${version}`, [`v${major}.${minor}.${patch}`, 'v0.0.1'])).toEqual({
      code: 0,
      outputs: {
        version,
        prerelease: 'false',
        'npm-tag': 'latest',
        'major-tag': `v${major}`,
        'move-major': 'true',
      },
      stderr: '',
    });
  });

  it('does not drag the major tag or npm’s latest back for a patch to an older release', () => {
    const { outputs } = gate(`v${version}`, [`v${major}.${minor + 1}.0`, `v${major + 1}.0.0`]);
    expect(outputs).toMatchObject({ 'move-major': 'false', 'npm-tag': `latest-${major}` });
    // A higher pre-release does not count: v1 is the latest final release.
    expect(gate(`v${version}`, [`v${major}.${minor + 1}.0-rc.1`]).outputs).toMatchObject({
      'move-major': 'true',
      'npm-tag': 'latest',
    });
  });

  it('refuses a tag that is not package.json’s version, or not semver, saying which', () => {
    expect(gate(`v${major}.${minor}.${patch + 1}`)).toMatchObject({
      code: 1,
      stderr: `release: tag 'v${major}.${minor}.${patch + 1}' does not match package.json's version ${version}: bump one of them.\n`,
    });
    expect(gate('1.2.3').stderr).toMatch(/^release: tag '1\.2\.3' is not a release tag/);
  });

  it('refuses to publish from a repository that package.json does not name', () => {
    expect(gate(`v${version}`, [], 'someone/fork')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not someone/fork: npm provenance would be refused'),
    });
  });
});
