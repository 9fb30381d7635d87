// Secrets planted in a test's name, its failure, its output and a JUnit report must not appear
// in any byte Shakedown writes (every file of --out, the console) or sends to GitLab.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileSource } from '../../../src/adapters/fs/local-file-source.js';
import { LocalOutputSink } from '../../../src/adapters/fs/local-output-sink.js';
import { GitLabApi } from '../../../src/adapters/gitlab/gitlab-api.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import { runCommand } from '../../../src/app/commands/run.js';
import { Masker, MIN_SECRET_LENGTH } from '../../../src/core/secrets/masker.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import { FakeKube } from './fake-kube.js';

const SECRET = 'pa$$-W0rd<&>"quoted"';
const KUBE_TOKEN = 'kube-token-0123456789abcdef';

const WORKFLOW = `apiVersion: testworkflows.testkube.io/v1
kind: TestWorkflow
metadata:
  name: leaky
spec:
  config:
    password:
      type: string
      sensitive: true
  steps:
    - name: login with {{ config.password }}
      shell: echo "{{ config.password }}" && exit 3
`;

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'shakedown-mask-'));
  await writeFile(join(cwd, 'leaky.yaml'), WORKFLOW);
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Every file under a directory, as text. */
async function allFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files.set(entry.name, await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

/** The secret in the forms the writers could give it. */
function forms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    Buffer.from(secret).toString('base64'),
  ];
}

describe('masking on the run path', () => {
  it('keeps a sensitive value and kubeconfig credentials out of every file and console line', async () => {
    let console = '';
    const fake = new FakeKube({
      behave: () => ({
        exitCode: 3,
        logs: `${SECRET}\nauth: Bearer ${KUBE_TOKEN}\n`,
        files: {
          '/data/report.xml': `<testsuite name="s" tests="1"><testcase name="t ${SECRET}"><failure message="got ${SECRET}"/></testcase></testsuite>`,
        },
      }),
    });
    const kube = Object.assign(fake, { credentials: () => [KUBE_TOKEN] });
    const env: CliEnvironment = {
      stdout: (t) => (console += t),
      stderr: (t) => (console += t),
      env: {},
      files: new LocalFileSource(cwd),
      run: {
        connect: async () => kube,
        output: (directory) => new LocalOutputSink(directory, cwd),
        clock: nodeClock,
        newRunId: () => 'abcd12',
        archive: async () => Buffer.alloc(0),
        onInterrupt: () => () => undefined,
      },
    };
    const code = await runCommand(
      ['leaky.yaml', '--config', `password=${SECRET}`, '--out', 'out'],
      env,
    );
    expect(code).toBe(1);
    const files = await allFiles(join(cwd, 'out'));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['results.json', 'junit.xml', 'ctrf.json']),
    );
    expect(console).toContain('***');
    for (const [name, text] of [...files, ['console', console] as const]) {
      for (const form of [...forms(SECRET), KUBE_TOKEN])
        expect({ name, leaked: text.includes(form) }).toEqual({ name, leaked: false });
    }
    expect(files.get('results.json')).toContain('login with ***');
  });
});

describe('masking on the GitLab path', () => {
  it('masks request bodies and the API error text with the shared masker', async () => {
    const bodies: string[] = [];
    const masker = new Masker();
    masker.add([SECRET]);
    const api = new GitLabApi({
      apiUrl: 'http://127.0.0.1:9/api/v4',
      projectId: '1',
      token: 'glpat-secret-token-value',
      masker,
      fetch: (async (_url: string, init: RequestInit) => {
        bodies.push(String(init.body));
        return new Response(
          JSON.stringify({ message: `echo ${SECRET} glpat-secret-token-value` }),
          {
            status: 400,
          },
        );
      }) as typeof fetch,
    });
    const error = await api.createNote(1, `a note with ${SECRET}`).catch((e: Error) => e);
    expect(bodies[0]).toBe(JSON.stringify({ body: 'a note with ***' }));
    expect(String(error)).toContain('echo *** ***');
  });
});

describe('Masker', () => {
  it('masks the common encodings, each line of a key, and leaves values under the minimum alone', () => {
    const masker = new Masker();
    masker.add([SECRET, 'x', 'abc', '-----BEGIN KEY-----\nline-one-of-key\n-----END KEY-----']);
    for (const form of forms(SECRET)) expect(masker.mask(`<${form}>`)).toBe('<***>');
    expect(masker.mask('line-one-of-key')).toBe('***');
    expect(masker.mask('-----BEGIN KEY----- x abc')).toBe('-----BEGIN KEY----- x abc');
    expect(MIN_SECRET_LENGTH).toBe(4);
    expect(masker.maskDeep({ [SECRET]: [SECRET, 1] })).toEqual({ '***': ['***', 1] });
    expect(masker.maskCut(`tail pa$$-W0`)).toBe('tail ***');
  });
});
