// A stand-in for api.github.com on 127.0.0.1 for the contract and end-to-end tests.
//
// Every request is matched against a documented operation and its query and body are validated
// against GitHub's OpenAPI description (see openapi-validator.ts); a request GitHub would refuse
// is answered the way GitHub answers it (404 for an unknown route, 422 for an invalid body) and
// recorded in `violations`, so a test fails on it. Limits that GitHub enforces but does not
// describe are enforced too: check-run output.summary/text ≤ 65535 bytes, 50 annotations per
// request, comment bodies ≤ 65536 characters. Answers are built from the description's own
// examples and validated against the documented response schema as well.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOCS, notFound } from './github-fake-answers.js';
import { openApiValidator, type Route } from './openapi-validator.js';
import { FakeGitHubState, type FakeAnswer } from './github-fake-state.js';

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** Numeric id of the repository; GitHub's Link headers use /repositories/{id}/… paths. */
  repositoryId?: number;
  /** The token the fake accepts; anything else is answered 401 Bad credentials. */
  token?: string;
  /** A fork pull request's token: reads work, every write is answered 403. */
  readOnly?: boolean;
  /** Web URL used in html_url fields. */
  serverUrl?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path as requested, e.g. /repos/acme/shop/check-runs/7. */
  path: string;
  query: Record<string, string>;
  /** Documented path template, when the route exists. */
  template?: string;
  operationId?: string;
  body: unknown;
  status: number;
}

export class GitHubFakeServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests (and fake answers) that do not match GitHub's description; should stay empty. */
  readonly violations: string[] = [];
  readonly state: FakeGitHubState;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readOnly: boolean;
  private readonly repositoryId: number;
  private readonly failures: {
    operationId: string;
    status: number;
    message: string;
    headers?: Record<string, string>;
  }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: FakeGitHubOptions,
  ) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'shop';
    this.repositoryId = options.repositoryId ?? 1296269;
    this.token = options.token ?? 'ghs_fakeInstallationToken0123456789';
    this.readOnly = options.readOnly ?? false;
    this.state = new FakeGitHubState(openApiValidator(), {
      owner: this.owner,
      repo: this.repo,
      repositoryId: this.repositoryId,
      apiUrl: url,
      serverUrl: options.serverUrl ?? 'https://github.com',
    });
  }

  static async start(options: FakeGitHubOptions = {}): Promise<GitHubFakeServer> {
    openApiValidator(); // load the description before the first request, not during it
    const ready: { fake?: GitHubFakeServer } = {};
    const server = createServer((req, res) => void ready.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ready.fake = new GitHubFakeServer(server, `http://127.0.0.1:${port}`, options);
    return ready.fake;
  }

  /** The variables the Actions runner sets that point @actions/github at this server. */
  env(): Record<string, string> {
    return {
      GITHUB_API_URL: this.url,
      GITHUB_SERVER_URL: this.state.serverUrl,
      GITHUB_GRAPHQL_URL: `${this.url}/graphql`,
      GITHUB_REPOSITORY: `${this.owner}/${this.repo}`,
      GITHUB_REPOSITORY_OWNER: this.owner,
      GITHUB_TOKEN: this.token,
    };
  }

  /** Answers the next request of an operation with an error, as GitHub does when it has a bad day. */
  failNext(
    operationId: string,
    status: number,
    message: string,
    times = 1,
    headers?: Record<string, string>,
  ): void {
    for (let i = 0; i < times; i++) this.failures.push({ operationId, status, message, headers });
  }

  /** Requests of one documented operation, in order (e.g. `checks/update`). */
  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      return this.answer(res, method, url, undefined, raw, {
        status: 400,
        body: { message: 'Problems parsing JSON', documentation_url: DOCS },
      });
    }
    // GitHub's own pagination links use the repository id; they reach the same operations.
    const path = url.pathname.replace(
      `/repositories/${this.repositoryId}/`,
      `/repos/${this.owner}/${this.repo}/`,
    );
    const route = openApiValidator().match(method, path);
    this.answer(res, method, url, route, body, this.route(req, method, path, route, url, body));
  }

  private route(
    req: IncomingMessage,
    method: string,
    path: string,
    route: Route | undefined,
    url: URL,
    body: unknown,
  ): FakeAnswer {
    if (!route) {
      this.violations.push(`${method} ${path}: no such operation in GitHub's REST API`);
      return notFound();
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } };
    }
    if (route.params.owner !== this.owner || route.params.repo !== this.repo) return notFound();
    const problems = openApiValidator().checkRequest(route, url.searchParams, body);
    if (problems.length > 0) {
      this.violations.push(`${method} ${route.template}: ${problems.join('; ')}`);
      return {
        status: 422,
        body: { message: `Invalid request.\n\n${problems.join('\n')}`, documentation_url: DOCS },
      };
    }
    const failure = this.failures.findIndex((f) => f.operationId === route.operationId);
    if (failure >= 0) {
      const { status, message, headers } = this.failures.splice(failure, 1)[0]!;
      return { status, body: { message, documentation_url: DOCS }, ...(headers && { headers }) };
    }
    if (this.readOnly && method !== 'GET') {
      return {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: DOCS },
      };
    }
    const answer = this.state.handle(route, url.searchParams, body);
    if (answer.status === 422) this.violations.push(`${method} ${path}: ${answer.violation}`);
    return answer;
  }

  private answer(
    res: ServerResponse,
    method: string,
    url: URL,
    route: Route | undefined,
    body: unknown,
    answer: FakeAnswer,
  ): void {
    if (route && answer.status < 300) {
      for (const problem of openApiValidator().checkResponse(route, answer.status, answer.body)) {
        this.violations.push(`fake answer to ${route.operationId}: ${problem}`);
      }
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      template: route?.template,
      operationId: route?.operationId,
      body,
      status: answer.status,
    });
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${this.requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(5000 - this.requests.length),
      ...answer.headers,
    });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
