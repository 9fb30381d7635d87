// Registry authentication as Docker does it: try anonymously (or with what worked before),
// and on a 401 answer the challenge — `Bearer realm=…,service=…,scope=…` (Docker Hub, GHCR,
// Distribution with token auth): fetch a token, with the login as basic credentials when there
// is one; `Basic` (htpasswd): send the login. Tokens are kept per scope and the realm per
// registry, so the next repository of the same registry skips the 401.
import { ImageConfigError, type RegistryCredential } from '../../ports/image-config.js';
import { boundedGet, isLoopback, type RegistryResponse } from './registry-http.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN_BYTES = 1 << 20;

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io"` → parts. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pair = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  for (let m = pair.exec(match[2]!); m; m = pair.exec(match[2]!))
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return { scheme: match[1]!.toLowerCase(), params };
}

export interface Counter {
  requests: number;
}

export interface HttpLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The auth state of one registry with one login (or none). */
export class RegistrySession {
  private readonly tokens = new Map<string, string>();
  private bearer?: { realm: string; service?: string };
  private basic = false;

  constructor(
    readonly registry: string,
    readonly credential: RegistryCredential | undefined,
  ) {}

  /** Values that must never leave this process in any text. */
  secrets(): string[] {
    const c = this.credential;
    const own = c
      ? [c.password, Buffer.from(`${c.username}:${c.password}`).toString('base64')]
      : [];
    return [...own, ...this.tokens.values()].filter((s) => s.length >= 4);
  }

  /** A GET with whatever authorisation this registry is known to want, answering one 401. */
  async get(
    url: string,
    scope: string,
    headers: Record<string, string>,
    maxBytes: number,
    counter: Counter,
    limits: HttpLimits,
  ): Promise<RegistryResponse> {
    if (this.bearer && !this.tokens.has(scope)) await this.fetchToken(scope, counter, limits);
    const send = async () => {
      counter.requests += 1;
      const auth = this.authorization(scope);
      return boundedGet(url, {
        headers: { ...headers, ...(auth && { Authorization: auth }) },
        maxBytes,
        ...limits,
      });
    };
    const first = await send();
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    if (!(await this.answer(challenge, scope, counter, limits))) return first;
    return send();
  }

  private authorization(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token) return `Bearer ${token}`;
    if (this.basic && this.credential)
      return `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password}`).toString('base64')}`;
    return undefined;
  }

  /** Whether retrying can change the answer. */
  private async answer(
    challenge: Challenge | undefined,
    scope: string,
    counter: Counter,
    limits: HttpLimits,
  ): Promise<boolean> {
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      if (this.tokens.has(scope)) return false;
      this.bearer = {
        realm: challenge.params.realm,
        ...(challenge.params.service && { service: challenge.params.service }),
      };
      await this.fetchToken(challenge.params.scope ?? scope, counter, limits, scope);
      return true;
    }
    if (challenge?.scheme === 'basic' && this.credential && !this.basic) {
      this.basic = true;
      return true;
    }
    return false;
  }

  private async fetchToken(
    scope: string,
    counter: Counter,
    limits: HttpLimits,
    key = scope,
  ): Promise<void> {
    const { realm, service } = this.bearer!;
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new ImageConfigError(`the token service '${realm}' is not a URL`, this.registry);
    }
    const plain = url.protocol === 'http:' && !isLoopback(url.host);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (plain && this.credential))
      throw new ImageConfigError(
        `the token service ${url.host} is not HTTPS; credentials are not sent there`,
        this.registry,
      );
    if (service) url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    const c = this.credential;
    const headers: Record<string, string> = c
      ? { Authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` }
      : {};
    counter.requests += 1;
    const response = await boundedGet(url.href, { headers, maxBytes: TOKEN_BYTES, ...limits });
    if (response.status === 401 || response.status === 403) {
      throw new ImageConfigError(
        c
          ? `the token service ${url.host} refused the login from ${c.source} (${response.status})`
          : `the token service ${url.host} refused an anonymous token (${response.status}); the image needs a login`,
        this.registry,
        response.status,
      );
    }
    if (response.status !== 200)
      throw new ImageConfigError(
        `the token service ${url.host} answered ${response.status}`,
        this.registry,
        response.status,
      );
    let token: unknown;
    try {
      const body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
      token = body.token ?? body.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || !token)
      throw new ImageConfigError(`the token service ${url.host} gave no token`, this.registry);
    this.tokens.set(key, token);
  }
}
