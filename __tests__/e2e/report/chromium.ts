// Opens a page in Debian's headless Chromium through the DevTools protocol (Node's own
// WebSocket, no browser-driver dependency): scripts disabled unless asked for, every request the page makes
// recorded, name resolution mapped to nowhere (so nothing could leave the machine anyway),
// then the rendered DOM is read and a screenshot taken.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  /** Every request the page made (the page itself excluded), and each one that failed. */
  requests: string[];
  /** Values of `expressions`, evaluated in the rendered page. */
  values: unknown[];
  screenshot: Buffer;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export async function openPage(
  file: string,
  expressions: string[],
  { scripts = false }: { scripts?: boolean } = {},
): Promise<OpenedPage> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup-machine.sh)`);
  const profile = mkdtempSync(join(tmpdir(), 'shakedown-chromium-'));
  const browser = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--window-size=1280,900',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`chromium did not start: ${seen}`)), 30_000);
      browser.stderr.setEncoding('utf8');
      browser.stderr.on('data', (chunk: string) => {
        seen += chunk;
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      browser.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${seen}`)));
    });
    return await drive(endpoint, pathToFileURL(file).href, expressions, scripts);
  } finally {
    browser.kill('SIGKILL');
    await new Promise((resolve) =>
      browser.exitCode !== null ? resolve(0) : browser.on('exit', resolve),
    );
    rmSync(profile, { recursive: true, force: true });
  }
}

async function drive(
  endpoint: string,
  url: string,
  expressions: string[],
  scripts: boolean,
): Promise<OpenedPage> {
  const socket = new WebSocket(endpoint);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot connect to ${endpoint}`));
  });
  let next = 0;
  const pending = new Map<number, (m: Message) => void>();
  const listeners: ((m: Message) => void)[] = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    if (message.id !== undefined) pending.get(message.id)?.(message);
    else listeners.forEach((l) => l(message));
  };
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++next;
      pending.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {}),
      );
      socket.send(JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) }));
    });
  try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    const requests: string[] = [];
    let loaded!: () => void;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Network.requestWillBeSent') {
        const request = (m.params!.request as { url: string }).url;
        if (request !== url) requests.push(request);
      }
      if (m.method === 'Network.loadingFailed')
        requests.push(`failed: ${String(m.params!.errorText)}`);
      if (m.method === 'Page.loadEventFired') loaded();
    });
    await send('Network.enable', {}, sessionId);
    await send('Page.enable', {}, sessionId);
    await send('Emulation.setScriptExecutionDisabled', { value: !scripts }, sessionId);
    await send('Page.navigate', { url }, sessionId);
    await Promise.race([
      load,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${url} did not load`)), 30_000),
      ),
    ]);
    const values: unknown[] = [];
    for (const expression of expressions) {
      const { result, exceptionDetails } = (await send(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      )) as { result: { value: unknown }; exceptionDetails?: unknown };
      if (exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(exceptionDetails)}`);
      values.push(result.value);
    }
    const { data } = (await send(
      'Page.captureScreenshot',
      { format: 'png', captureBeyondViewport: false },
      sessionId,
    )) as { data: string };
    return { requests, values, screenshot: Buffer.from(data, 'base64') };
  } finally {
    socket.close();
  }
}
