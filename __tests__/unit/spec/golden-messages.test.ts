// Every file of fixtures/invalid/ is validated on its own (templates beside it available) and
// the exact report is compared with a golden file, so a change of wording or position shows
// up in review. The files are also a catalogue of what `shakedown validate` says. They live
// here, not in examples/, which holds only valid, runnable workflows.
import { runCli } from '../../../src/app/cli.js';
import { expectGolden, fakeCli, repoFiles } from './helpers.js';

const DIR = '__tests__/unit/spec/fixtures/invalid/';
const invalid = repoFiles(DIR);
const templates = repoFiles('examples/templates');

describe('error messages of invalid workflows', () => {
  it('has one fixture per kind of mistake', () => {
    expect(invalid.map((f) => f.path.replace(DIR, ''))).toEqual([
      'bad-config.yaml',
      'bad-expression.yaml',
      'duplicate-name.yaml',
      'many-mistakes.yaml',
      'missing-required.yaml',
      'not-an-object.yaml',
      'syntax-error.yaml',
      'unknown-field.yaml',
      'unknown-template.yaml',
      'unsupported-field.yaml',
      'wrong-kind.yaml',
      'wrong-type.yaml',
    ]);
  });

  it.each(invalid.map((f) => [f.path]))('%s', async (path) => {
    // unknown-template.yaml refers to the example templates; they sit beside it here.
    const beside = templates.map((t) => ({
      ...t,
      path: t.path.replace('examples/', DIR),
    }));
    const cli = fakeCli([...invalid, ...beside]);
    const code = await runCli(['validate', path], cli);
    expect(code).toBe(1);
    expect(cli.out).toBe('');
    const name = path.replace(DIR, '').replace('.yaml', '.txt');
    expectGolden(name, cli.err);
  });

  it('reports every problem of a file with many mistakes, in file order', async () => {
    const cli = fakeCli(invalid);
    await runCli(['validate', `${DIR}many-mistakes.yaml`], cli);
    const lines = cli.err.trim().split('\n');
    const problems = lines.slice(0, -1);
    expect(problems.length).toBeGreaterThanOrEqual(15);
    const positions = problems.map((l) => l.split(' ')[0].split(':').slice(1).map(Number));
    const sorted = [...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(positions).toEqual(sorted);
    expect(lines.at(-1)).toBe(`✗ ${problems.length} problems in 1 file`);
  });
});
