// Shared helpers for the end-to-end specs: a static server over dist/, and Debian's Chromium
// driven by playwright-core in a phone-sized, touch-enabled context.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '..', '..', 'dist');
export const ARTIFACTS = join(here, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ on 127.0.0.1 at a free port. Returns { url, close, overrides, setDown }:
 *  `overrides` maps a path ('/sw.js') to the body to serve instead of the file (a new deploy);
 *  `setDown(true)` drops every request, as when there is no network at all. */
export async function serveDist() {
  const overrides = new Map();
  let down = false;
  const server = createServer(async (req, res) => {
    if (down) { req.socket.destroy(); return; }
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (overrides.has(path)) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(overrides.get(path));
      return;
    }
    const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }),
    overrides,
    setDown: (v) => { down = v; if (v) server.closeAllConnections(); },
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Launches Debian's Chromium (never a downloaded browser). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh phone context; fails the test on any page error or console error. The browser's language
 *  is English (the app follows it: specs find elements by English names); a spec that needs a
 *  country passes e.g. `locale: 'en-ID'` (Indonesia, English UI). */
export async function phone(browser, opts = {}) {
  const context = await browser.newContext({ ...PHONE, locale: 'en-US', ...opts });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return { context, page, errors };
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Waits until `locator` matches exactly `n` elements (the UI updates asynchronously), else fails with the last count. */
export async function expectCount(locator, n, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await locator.count();
    if (last === n) return;
    if (Date.now() > end) throw new Error(`expected ${n} matching elements, found ${last}: ${locator}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
