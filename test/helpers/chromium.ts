// A real headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe:
// fds 3 and 4, NUL-separated JSON), so no WebSocket client is needed on any Node version.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The browser's path, or why there is none. */
export function findChromium(): { path: string } | { reason: string } {
  const fromEnv = process.env.LINGERING_TEST_CHROMIUM;
  for (const name of fromEnv ? [fromEnv] : CANDIDATES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = found.stdout.trim();
    if (found.status === 0 && path) return { path };
  }
  return {
    reason: `no Chromium found (${CANDIDATES.join(', ')}); install Debian's chromium package to run these tests`,
  };
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: Array<(method: string, params: Record<string, unknown>, session?: string) => void> = [];
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) !== -1) {
        const message = JSON.parse(this.buffer.slice(0, end)) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: { message: string };
          method?: string;
          params?: Record<string, unknown>;
          sessionId?: string;
        };
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.reject(new Error(message.error.message));
          else waiter?.resolve(message.result ?? {});
        } else if (message.method) {
          for (const listener of this.listeners) listener(message.method, message.params ?? {}, message.sessionId);
        }
      }
    });
  }

  static async launch(path: string): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'lingering-chromium-'));
    const child = spawn(
      path,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const browser = new Browser(child, profile);
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`chromium exited with code ${code} at start-up`)));
      // The first answer says the browser is up.
      browser.send('Browser.getVersion').then(() => resolve(), reject);
    });
    return browser;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  on(listener: (method: string, params: Record<string, unknown>, session?: string) => void): void {
    this.listeners.push(listener);
  }

  /** A new page: its session id, and every console error and uncaught exception it reports. */
  async newPage(): Promise<{ session: string; errors: string[] }> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const session = sessionId as string;
    const errors: string[] = [];
    this.on((method, params, from) => {
      if (from !== session) return;
      if (method === 'Runtime.exceptionThrown') errors.push(JSON.stringify(params.exceptionDetails));
      if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'warning')) {
        errors.push(JSON.stringify(params.args));
      }
      if (method === 'Log.entryAdded') {
        const entry = params.entry as { level: string; text: string };
        if (entry.level === 'error' || entry.level === 'warning') errors.push(entry.text);
      }
    });
    await Promise.all(['Runtime.enable', 'Log.enable', 'Page.enable'].map((m) => this.send(m, {}, session)));
    return { session, errors };
  }

  async navigate(session: string, url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      this.on((method, _params, from) => {
        if (from === session && method === 'Page.loadEventFired') resolve();
      });
    });
    await this.send('Page.navigate', { url }, session);
    await loaded;
  }

  async evaluate<T>(session: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send(
      'Runtime.evaluate',
      { expression, returnByValue: true },
      session,
    )) as { result: { value: T }; exceptionDetails?: unknown };
    if (exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(exceptionDetails)}`);
    return result.value;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}
