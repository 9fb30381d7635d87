// A scripted Kubernetes API on 127.0.0.1 for the adapter's unit tests: real HTTP through
// client-node's real transport, answers chosen by each test. Plain HTTP needs
// insecure-skip-tls-verify in client-node, which the kubeconfig below sets.
import { jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type KubeConnection } from '../../../../src/adapters/kubernetes/connect.js';

// Real sockets and timers: allow for a machine busy with other work.
jest.setTimeout(20_000);

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (request: Recorded, response: ServerResponse) => void | Promise<void>;

export const CORE_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    { name: 'pods/log', kind: 'Pod', namespaced: true },
    { name: 'pods', kind: 'Pod', namespaced: true },
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
  ],
};

export function json(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function status(
  response: ServerResponse,
  code: number,
  reason: string,
  message: string,
): void {
  json(response, code, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason,
    message,
    code,
  });
}

export class FakeApi {
  readonly requests: Recorded[] = [];
  private server?: Server;

  /** Routes are tried in order; the first whose key matches `METHOD path` answers. */
  constructor(private readonly routes: [RegExp, Route][]) {}

  /** Starts serving; `user` is the kubeconfig's user entry (flow YAML), a token by default. */
  async start(user = '{token: fake-token}'): Promise<KubeConnection> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      let body = '';
      for await (const chunk of req) body += chunk;
      const recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      this.requests.push(recorded);
      const route = this.routes.find(([pattern]) =>
        pattern.test(`${recorded.method} ${recorded.path}`),
      );
      if (route) await route[1](recorded, res);
      else status(res, 404, 'NotFound', `no route for ${recorded.method} ${recorded.path}`);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    const kubeconfig = [
      `clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      `users: [{name: u, user: ${user}}]`,
      'contexts: [{name: fake, context: {cluster: fake, user: u}}]',
      'current-context: fake',
    ].join('\n');
    return connect({ kubeconfig, env: {} });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Requests matching `METHOD path`, e.g. /^GET .*\/pods$/. */
  sent(pattern: RegExp): Recorded[] {
    return this.requests.filter((r) => pattern.test(`${r.method} ${r.path}`));
  }
}

/** Writes watch events as the API does: one JSON document per line. */
export function watchLines(response: ServerResponse, events: unknown[], end = true): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.flushHeaders(); // as the API server does: a watch answers at once, events follow
  for (const event of events) response.write(`${JSON.stringify(event)}\n`);
  if (end) response.end();
}

/** Resolves once `check` holds, polling briefly; rejects after `ms` (a loaded machine is slow). */
export async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition still false after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
