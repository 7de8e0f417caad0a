// The world the browser tests run against: the built web app (rebuilt when its sources are newer
// than dist/), a throwaway SQLite store with a small simulated year loaded through the real
// import path, two inspection runs (the default policy, then a stricter copy) so that there is
// something to compare, an administrator, and the real server listening on a free loopback port.
// The browser is Debian's chromium driven by playwright-core (never a downloaded browser).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Store } from '@oresight/app';
import { createUser, loadDemo, openAppStore, runInspection } from '@oresight/app';
import { DEFAULT_POLICY } from '@oresight/core/inspect';
import type { Policy } from '@oresight/core/inspect';
import { DEFAULT_SIMULATION } from '@oresight/core/simulate';
import type { Api } from '@oresight/server';
import { createServer } from '@oresight/server';

export const ROOT = resolve(import.meta.dirname, '../..');
export const WEB = join(ROOT, 'packages/web');
export const DIST = join(WEB, 'dist');
/** Screenshots of every screen under test (gitignored; CI keeps them as artifacts). */
export const SHOTS = join(ROOT, 'test-results/e2e');

export const ADMIN = { username: 'admin', password: 'e2e-Secret-pass-7!' } as const;
/** Enough lines for black-listed enterprises with evidence, small enough to load in seconds. */
export const DEMO_LINES = 30_000;

/** Newest modification time of a file or of any file under a folder. */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/** Builds packages/web when dist/ is missing or older than anything it is built from. */
export function ensureWebBuilt(): { built: boolean; ms: number } {
  const index = join(DIST, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json']
    .map((p) => join(WEB, p))
    .filter(existsSync);
  const stale = !existsSync(index) || Math.max(...sources.map(newest)) > statSync(index).mtimeMs;
  if (!stale) return { built: false, ms: 0 };
  const t0 = performance.now();
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build', '-w', 'packages/web'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return { built: true, ms: performance.now() - t0 };
}

/** A stricter copy of the default policy: more of the market is black or grey. */
export function stricterPolicy(): Policy {
  const rules = DEFAULT_POLICY.rules.map((r) => {
    switch (r.id) {
      case 'unexplained_output':
        return { ...r, params: { ...r.params, minKg: 2_000, minShareOfSales: 0.02 } };
      // The simulated honest market trades close to the reference: small gaps and shares move.
      case 'purchase_price_gap':
        return { ...r, params: { ...r.params, maxPurchaseValueGap: -0.03 } };
      case 'sale_price_gap':
        return { ...r, params: { ...r.params, maxSaleValueGap: -0.03 } };
      case 'illegal_share':
        return { ...r, params: { ...r.params, minIllegalShare: 0.02 } };
      default:
        return r;
    }
  });
  return {
    ...DEFAULT_POLICY,
    id: 'strict',
    version: '1.0.0-e2e',
    name: { zh: '从严检查策略', en: 'Strict inspection policy' },
    parameters: { ...DEFAULT_POLICY.parameters, priceBand: 0.1 },
    rules,
  };
}

export interface World {
  readonly baseUrl: string;
  readonly store: Store;
  readonly runs: readonly [number, number];
  readonly browser: Browser;
  close(): Promise<void>;
}

/** The chromium of the machine (Debian package), never a download. */
export function chromiumPath(): string {
  const path = execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  if (!path) throw new Error('chromium is not installed (apt-get install chromium; .ci/run does it)');
  return path;
}

export async function startWorld(): Promise<World> {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'oresight-e2e-'));
  const store = await openAppStore({ ORESIGHT_DB: join(dir, 'e2e.db'), DATABASE_URL: '' });
  let app: Api | undefined;
  let browser: Browser | undefined;
  try {
    await loadDemo(store, { simulation: { ...DEFAULT_SIMULATION, lines: DEMO_LINES } });
    const period = { from: `${DEFAULT_SIMULATION.year}-01-01`, to: `${DEFAULT_SIMULATION.year}-12-31` };
    const a = await runInspection(store, { period, policy: DEFAULT_POLICY, user: 'e2e' });
    const b = await runInspection(store, { period, policy: stricterPolicy(), user: 'e2e' });
    const user = await createUser(
      store,
      { username: ADMIN.username, role: 'admin', password: ADMIN.password },
      'e2e',
    );
    if (!user.ok) throw new Error(user.error.en);
    app = await createServer({ store, webRoot: DIST, limits: { loginPerIpPerMinute: 1000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // Containers give /dev/shm 64 MB: Chromium's shared memory goes to /tmp instead.
        '--disable-dev-shm-usage',
      ],
    });
    const openedApp = app;
    const openedBrowser = browser;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      store,
      runs: [a.runId, b.runId],
      browser,
      async close() {
        await openedBrowser.close();
        await openedApp.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await app?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Everything the browser reports as an error: console errors and uncaught page errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return errors;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Text the UI shows in Chinese characters outside data values: every visible text node that is
 * not inside an element marked as data (`data-value`: names, IDs, items as invoiced), as a
 * language's own name (`data-lang-name`) or as a server-worded message (`data-server-text`:
 * import reasons and problem details, which the server words in the chosen language around
 * quoted file content).
 */
export async function untranslatedText(page: Page): Promise<string[]> {
  // Runs in the page (a script string: this file is compiled without the DOM library).
  const found: unknown = await page.evaluate(`(() => {
    const cjk = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
    const exempt = '[data-value], [data-lang-name], [data-server-text], script, style, noscript';
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent || '';
      if (!cjk.test(text)) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest(exempt)) continue;
      found.push(text.trim() + '  <- <' + parent.tagName.toLowerCase() + ' class="' + parent.className + '">');
    }
    // Attributes a reader sees or hears: placeholders, titles, labels.
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (el.closest(exempt)) continue;
      for (const attr of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v)) found.push(attr + '="' + v + '" on <' + el.tagName.toLowerCase() + '>');
      }
    }
    if (cjk.test(document.title)) found.push('title: ' + document.title);
    return found;
  })()`);
  if (!Array.isArray(found) || !found.every((x) => typeof x === 'string'))
    throw new Error('scan returned no list');
  return found;
}
