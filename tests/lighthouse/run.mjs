// Runs Lighthouse (mobile emulation, its defaults) against dist/ served the way a static host serves
// it: gzip/brotli, long caching for hashed files, the security headers from the README. Prints the
// category scores and Chromium's installability verdict; writes report.html and report.json here.
// Used by .ci/lighthouse (after a release build); not part of .ci/test.
import { createServer } from 'node:http';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import lighthouse, { generateReport } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const here = dirname(fileURLToPath(import.meta.url));
// LIGHTHOUSE_DIST: another build's dist folder (to compare two builds in one session).
const DIST = process.env.LIGHTHOUSE_DIST || join(here, '..', '..', 'dist');
const CHROME = process.env.CHROME_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};
const html = await readFile(join(DIST, 'index.html'), 'utf8');
const csp = html.match(/<meta[^>]*Content-Security-Policy[^>]*>/)[0].match(/content="([^"]+)"/)[1];
const HEADERS = {
  'content-security-policy': `${csp}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

// Compressed once up front, as a CDN caches it (compressing 1.5 MB of wasm per request at brotli
// level 11 would make this server, not the app, the slow part).
const cache = new Map();
async function load(file) {
  if (!cache.has(file)) {
    const raw = await readFile(file);
    const text = !/\.png$/.test(file);
    cache.set(file, { raw, br: text && brotliCompressSync(raw), gz: text && gzipSync(raw, { level: 9 }) });
  }
  return cache.get(file);
}
for (const f of await readdir(DIST)) await load(join(DIST, f));

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
  if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
  let entry;
  try { entry = await load(file); } catch { res.writeHead(404).end('not found'); return; }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
  const headers = { ...HEADERS, 'content-type': type, 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' };
  const accept = req.headers['accept-encoding'] ?? '';
  let body = entry.raw;
  if (entry.br) {
    headers.vary = 'accept-encoding';
    if (/\bbr\b/.test(accept)) { body = entry.br; headers['content-encoding'] = 'br'; }
    else if (/\bgzip\b/.test(accept)) { body = entry.gz; headers['content-encoding'] = 'gzip'; }
  }
  res.writeHead(200, headers).end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: CHROME,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code = 0;
try {
  const result = await lighthouse(url, { port: chrome.port, logLevel: 'error', output: 'json' });
  const lhr = result.lhr;
  await writeFile(join(here, 'report.json'), result.report);
  await writeFile(join(here, 'report.html'), generateReport(lhr, 'html'));
  console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor} emulation, ${lhr.configSettings.throttlingMethod} throttling, ${url}`);
  for (const c of Object.values(lhr.categories)) console.log(`${c.title.padEnd(16)} ${Math.round(c.score * 100)}`);
  const m = (id) => lhr.audits[id]?.displayValue ?? '-';
  console.log(`FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}`);
  // A repeat visit, as an owner opens the app every day: the service worker installed by the first
  // run serves every file from its cache (storage is not reset this time).
  const again = (await lighthouse(url, { port: chrome.port, logLevel: 'error', output: 'json', disableStorageReset: true })).lhr;
  console.log(`Repeat visit: performance ${Math.round(again.categories.performance.score * 100)}; FCP ${again.audits['first-contentful-paint'].displayValue}, LCP ${again.audits['largest-contentful-paint'].displayValue}, TBT ${again.audits['total-blocking-time'].displayValue}`);
  const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable');
  for (const a of failing) console.log(`  below 90: ${a.id} (${a.title})${a.displayValue ? ': ' + a.displayValue : ''}`);
} catch (e) {
  console.error(`Lighthouse failed: ${e.message}`);
  code = 1;
} finally {
  await chrome.kill();
}

// Lighthouse 12 dropped its PWA category; Chromium itself says whether the app is installable.
const require = createRequire(join(here, '..', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');
const browser = await chromium.launch({ executablePath: CHROME, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 20_000 });
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const real = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
  console.log(`Installable       ${real.length === 0 ? 'yes' : 'no: ' + real.map((e) => e.errorId).join(', ')}${installabilityErrors.length > real.length ? ' (ignoring the test profile being incognito)' : ''}`);
  if (real.length) code = 1;
} finally {
  await browser.close();
  server.close();
  server.closeAllConnections();
}
process.exit(code);
