// A stand-in for a GitLab instance's REST API (/api/v4) on 127.0.0.1, for contract and
// end-to-end tests. It checks what GitLab's API documentation defines for the calls Shakedown
// makes — method, path, authentication header, and body fields (required, types, enums, the
// 1,000,000-character note limit) — and answers with GitLab's status codes, pagination headers
// and response shapes. Requests GitLab would refuse are answered as GitLab does and recorded in
// `violations`, so a test fails on them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGitLabOptions {
  projectId?: string;
  projectPath?: string;
  /** Accepted as PRIVATE-TOKEN or `Authorization: Bearer`. */
  token?: string;
  /**
   * The running job's CI_JOB_TOKEN. Sent as PRIVATE-TOKEN it is refused (401) as GitLab
   * refuses any unknown token; sent as JOB-TOKEN it may read but not write.
   */
  jobToken?: string;
  /** Merge request iids that exist. */
  mergeRequests?: number[];
  /** Page size cap; GitLab's is 100. */
  maxPerPage?: number;
}

export interface RecordedGitLabRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown> | undefined;
  status: number;
}

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  noteable_iid: number;
  created_at: string;
  updated_at: string;
  author: { id: number; username: string };
}

export interface FakeCommitStatus {
  id: number;
  sha: string;
  status: string;
  name: string;
  ref: string | null;
  target_url: string | null;
  description: string | null;
}

const NOTE_MAX = 1_000_000;
const STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'];
const NOTE_FIELDS = ['body', 'internal', 'merge_request_diff_head_sha', 'created_at'];
const STATUS_FIELDS = [
  'state',
  'ref',
  'name',
  'context',
  'target_url',
  'description',
  'coverage',
  'pipeline_id',
];

export class GitLabFakeServer {
  readonly requests: RecordedGitLabRequest[] = [];
  readonly violations: string[] = [];
  readonly notes: FakeNote[] = [];
  readonly statuses: FakeCommitStatus[] = [];
  readonly projectId: string;
  readonly projectPath: string;
  readonly token: string;
  readonly jobToken: string;
  private readonly mergeRequests: Set<number>;
  private readonly maxPerPage: number;
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    readonly apiUrl: string,
    options: FakeGitLabOptions,
  ) {
    this.projectId = options.projectId ?? '42';
    this.projectPath = options.projectPath ?? 'acme/shop';
    this.token = options.token ?? 'glpat-fakeProjectToken012345';
    this.jobToken = options.jobToken ?? 'glcbt-fakeJobToken0123456789';
    this.mergeRequests = new Set(options.mergeRequests ?? [7]);
    this.maxPerPage = options.maxPerPage ?? 100;
  }

  static async start(options: FakeGitLabOptions = {}): Promise<GitLabFakeServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new GitLabFakeServer(server, `http://127.0.0.1:${port}/api/v4`, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** A note written by someone else, to check that only ours is edited. */
  addNote(mrIid: number, body: string, system = false): FakeNote {
    const now = new Date().toISOString();
    const note: FakeNote = {
      id: this.nextId++,
      body,
      system,
      noteable_iid: mrIid,
      created_at: now,
      updated_at: now,
      author: { id: 2, username: 'someone-else' },
    };
    this.notes.push(note);
    return note;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const record: RecordedGitLabRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        'private-token': header(req, 'private-token'),
        authorization: header(req, 'authorization'),
        'job-token': header(req, 'job-token'),
        'content-type': header(req, 'content-type'),
      },
      body: undefined,
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const refuse = (status: number, payload: unknown, why: string) => {
      this.violations.push(`${record.method} ${record.path}: ${why}`);
      send(status, payload);
    };

    if (raw.length > 0) {
      if (!record.headers['content-type']?.startsWith('application/json')) {
        return refuse(415, { error: '415 Unsupported Media Type' }, 'body is not JSON');
      }
      try {
        record.body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return refuse(400, { error: 'body is not valid JSON' }, 'invalid JSON');
      }
    }

    const auth = this.authenticate(record);
    if (auth === 'none') return refuse(401, { message: '401 Unauthorized' }, 'no valid token');
    if (auth === 'job-token' && record.method !== 'GET') {
      return refuse(
        403,
        { message: '403 Forbidden' },
        'CI_JOB_TOKEN cannot write notes or statuses',
      );
    }

    const prefix = `/api/v4/projects/`;
    if (!url.pathname.startsWith(prefix))
      return refuse(404, { error: '404 Not Found' }, 'unknown route');
    const [project, ...rest] = url.pathname.slice(prefix.length).split('/');
    const projectRef = decodeURIComponent(project ?? '');
    if (projectRef !== this.projectId && projectRef !== this.projectPath) {
      return refuse(404, { message: '404 Project Not Found' }, `unknown project ${projectRef}`);
    }
    const route = `${record.method} ${rest.map((p) => (/^\d+$/.test(p) ? ':n' : p)).join('/')}`;
    switch (route) {
      case 'GET merge_requests/:n/notes':
        return this.listNotes(Number(rest[1]), record, send, refuse);
      case 'POST merge_requests/:n/notes':
        return this.createNote(Number(rest[1]), record, send, refuse);
      case 'PUT merge_requests/:n/notes/:n':
        return this.updateNote(Number(rest[1]), Number(rest[3]), record, send, refuse);
      default:
        if (/^POST statuses\/[0-9a-f]{7,40}$/.test(`${record.method} ${rest.join('/')}`)) {
          return this.createStatus(rest[1]!, record, send, refuse);
        }
        return refuse(404, { error: '404 Not Found' }, `unknown route ${route}`);
    }
  }

  private authenticate(record: RecordedGitLabRequest): 'token' | 'job-token' | 'none' {
    const bearer = record.headers.authorization?.replace(/^Bearer /, '');
    if (record.headers['private-token'] === this.token || bearer === this.token) return 'token';
    if (record.headers['job-token'] === this.jobToken) return 'job-token';
    return 'none';
  }

  private listNotes(mr: number, record: RecordedGitLabRequest, send: Send, refuse: Refuse): void {
    if (!this.mergeRequests.has(mr))
      return refuse(404, { message: '404 Not found' }, `no MR !${mr}`);
    const perPage = Number(record.query.per_page ?? 20);
    const page = Number(record.query.page ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
      return refuse(400, { error: 'per_page/page must be positive integers' }, 'bad pagination');
    }
    const size = Math.min(perPage, this.maxPerPage);
    const all = this.notes.filter((n) => n.noteable_iid === mr);
    if (record.query.sort === 'desc') all.reverse();
    const pages = Math.max(1, Math.ceil(all.length / size));
    send(200, all.slice((page - 1) * size, page * size), {
      'x-page': String(page),
      'x-per-page': String(size),
      'x-total': String(all.length),
      'x-total-pages': String(pages),
      'x-next-page': page < pages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
    });
  }

  private checkNoteBody(record: RecordedGitLabRequest, refuse: Refuse): string | undefined {
    const body = record.body ?? {};
    const unknown = Object.keys(body).filter((k) => !NOTE_FIELDS.includes(k));
    if (unknown.length > 0) {
      refuse(400, { error: `unknown parameters: ${unknown.join(', ')}` }, 'undocumented fields');
      return undefined;
    }
    if (typeof body.body !== 'string' || body.body.length === 0) {
      refuse(400, { error: 'body is missing' }, 'body is required');
      return undefined;
    }
    if (body.body.length > NOTE_MAX) {
      refuse(
        400,
        { message: { note: [`is too long (maximum is ${NOTE_MAX} characters)`] } },
        'note over 1,000,000 characters',
      );
      return undefined;
    }
    return body.body;
  }

  private createNote(mr: number, record: RecordedGitLabRequest, send: Send, refuse: Refuse): void {
    if (!this.mergeRequests.has(mr))
      return refuse(404, { message: '404 Not found' }, `no MR !${mr}`);
    const body = this.checkNoteBody(record, refuse);
    if (body === undefined) return;
    const note = this.addNote(mr, body);
    note.author = { id: 1, username: 'project_42_bot' };
    send(201, this.noteResponse(note));
  }

  private updateNote(
    mr: number,
    id: number,
    record: RecordedGitLabRequest,
    send: Send,
    refuse: Refuse,
  ): void {
    const note = this.notes.find((n) => n.id === id && n.noteable_iid === mr);
    if (!note) return refuse(404, { message: '404 Not found' }, `no note ${id} on !${mr}`);
    const body = this.checkNoteBody(record, refuse);
    if (body === undefined) return;
    note.body = body;
    note.updated_at = new Date().toISOString();
    send(200, this.noteResponse(note));
  }

  private noteResponse(note: FakeNote): Record<string, unknown> {
    return {
      ...note,
      type: null,
      noteable_type: 'MergeRequest',
      resolvable: false,
      internal: false,
    };
  }

  private createStatus(
    sha: string,
    record: RecordedGitLabRequest,
    send: Send,
    refuse: Refuse,
  ): void {
    const body = record.body ?? {};
    const unknown = Object.keys(body).filter((k) => !STATUS_FIELDS.includes(k));
    if (unknown.length > 0)
      return refuse(
        400,
        { error: `unknown parameters: ${unknown.join(', ')}` },
        'undocumented fields',
      );
    if (typeof body.state !== 'string')
      return refuse(400, { error: 'state is missing' }, 'state is required');
    if (!STATES.includes(body.state)) {
      return refuse(400, { error: 'state does not have a valid value' }, `state '${body.state}'`);
    }
    for (const field of ['ref', 'name', 'context', 'target_url', 'description']) {
      if (body[field] !== undefined && typeof body[field] !== 'string') {
        return refuse(400, { error: `${field} is invalid` }, `${field} must be a string`);
      }
    }
    if (body.pipeline_id !== undefined && !Number.isInteger(body.pipeline_id)) {
      return refuse(400, { error: 'pipeline_id is invalid' }, 'pipeline_id must be an integer');
    }
    const status: FakeCommitStatus = {
      id: this.nextId++,
      sha,
      status: body.state,
      name: (body.name ?? body.context ?? 'default') as string,
      ref: (body.ref as string | undefined) ?? null,
      target_url: (body.target_url as string | undefined) ?? null,
      description: (body.description as string | undefined) ?? null,
    };
    this.statuses.push(status);
    send(201, {
      ...status,
      created_at: new Date().toISOString(),
      allow_failure: false,
      coverage: null,
    });
  }
}

type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;
type Refuse = (status: number, payload: unknown, why: string) => void;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
