// The split release build (`trunk build --release --features split`): the rarely used pages load as
// separate wasm chunks. Every lazy page opened directly by its address works (fetching its chunk),
// and so do the follow-up, complaint and deal forms (their own chunk), new and to edit;
// after one visit the page has fetched every chunk in idle time, and once the service worker is
// active every page works offline; a chunk that cannot load shows "This page could not open" with
// "Try again" (and the app lives on); and a first visit fetches no chunk, and at most
// FIRST_LOAD_BUDGET (gzip, as a real host serves it; the goal is 350 KB) until the customer list
// is usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveDist, launch, phone, screenshot, expectCount, DIST } from '../lib.mjs';
import { LAZY_PAGES, LAZY_FORMS, addCustomer } from '../app.mjs';

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30_000 });
// Issue 13's goal is 350 KB; the split build measured 496 KB (2026-12-07, docs/performance.md):
// the budget keeps it from growing while the goal is not met. Lower it as the first load shrinks.
// Raised from 460 to 462 KB with issue 16 (products, orders, loyalty: +~10 KB over 453,915 B by
// `.ci/size`, recorded as not met in performance.md): bring it back down when that is undone.
const FIRST_LOAD_GOAL = 350 * 1024;
const FIRST_LOAD_BUDGET = 462 * 1024;

// Every lazy page of src/ui/pages/mod.rs: [hash, top-bar title].
const LAZY = LAZY_PAGES;

/** The build's files: the main wasm, the chunks, the __wasm_split link module. */
async function build() {
  const files = await readdir(DIST);
  const main = files.filter((f) => /^rapport-[0-9a-f]+_bg\.wasm$/.test(f));
  const chunks = files.filter((f) => f.endsWith('.wasm') && !main.includes(f));
  const link = files.filter((f) => /^__wasm_split-[0-9a-f]{16}\.js$/.test(f));
  return { files, main, chunks, link };
}

let server, browser, dist;
before(async () => {
  dist = await build();
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Waits until a lazy page is drawn: its title, no "Opening…", no failure, something in <main>. */
async function lazyPageShown(page, title) {
  await visible(page.locator('.topbar-title', { hasText: title }));
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  assert.equal(await page.locator('.lazy-failed').count(), 0, `${title}: the chunk failed to load`);
  const text = (await page.locator('main').innerText()).trim();
  assert.ok(text.length > 0, `${title}: nothing drawn`);
}

// The browser logs failed fetches (blocked chunk, offline) and the splitter's loader logs the
// failure; anything else is a bug.
const unexpected = (errors) => errors.filter((e) => !/ERR_FAILED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|Failed to load resource|Failed to fetch|TypeError: fetch|WebAssembly/.test(e));

test('the release build is split: a main wasm, the link module and the chunks', () => {
  assert.equal(dist.main.length, 1, `one main wasm (${dist.main})`);
  assert.equal(dist.link.length, 1, 'one __wasm_split-<hash>.js: build with `trunk build --release --features split`');
  assert.ok(dist.chunks.length >= 10, `a chunk per group of lazy pages, found ${dist.chunks.join(', ')}`);
  for (const c of dist.chunks) assert.match(c, /-[0-9a-f]{16}\.wasm$/, 'chunks have content-hashed names');
});

test('every lazy page opens directly by its address, fetching its chunk', { timeout: 240_000 }, async () => {
  // No service worker and no HTTP cache (the server says no-store): each tab loads cold.
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  await page.close();
  for (const [hash, title] of LAZY) {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => errors.push(`pageerror ${hash}: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error') errors.push(`console ${hash}: ${m.text()}`); });
    const fetched = [];
    tab.on('request', (r) => { const f = new URL(r.url()).pathname.slice(1); if (dist.chunks.includes(f)) fetched.push(f); });
    await tab.goto(server.url + hash);
    await lazyPageShown(tab, title);
    assert.ok(fetched.length > 0, `${hash}: no chunk fetched (is the page still in the main wasm?)`);
    await tab.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('after one visit every chunk is fetched in idle time and precached, and every page works offline', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await controlled(page);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1));
  });
  for (const f of [...dist.chunks, ...dist.link, ...dist.main]) assert.ok(cached.includes(f), `${f} is precached`);
  // After the first screen the page itself fetches every chunk in idle time (from the worker's
  // cache), so the first tap on a lazy page needs no download.
  // All but the app PIN's lock screen (`split_lock`), which a phone without a PIN never fetches,
  // and the QR reader (`split_qr_reader`), fetched only when a browser without BarcodeDetector
  // reads a photo (both precached above, so they work offline too).
  const splits = dist.chunks.filter((f) => f.startsWith('split_') && !f.startsWith('split_lock')
    && !f.startsWith('split_qr_reader'));
  await page.waitForFunction((names) => {
    const got = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.slice(1));
    return names.every((n) => got.includes(n));
  }, splits, { timeout: 30_000 });
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(!fetched.some((f) => f.includes('split_lock')), 'no PIN: the lock chunk is not fetched');
  assert.ok(!fetched.some((f) => f.includes('split_qr_reader')), 'no photo read: the QR reader is not fetched');

  await context.setOffline(true);
  server.setDown(true);
  try {
    for (const [hash, title] of LAZY) {
      const tab = await context.newPage();
      tab.on('pageerror', (e) => errors.push(`pageerror ${hash}: ${e.message}`));
      await tab.goto(server.url + hash);
      await lazyPageShown(tab, title);
      await tab.close();
    }
    await page.reload();
    await visible(page.getByRole('link', { name: 'Customers', exact: true }));
  } finally {
    server.setDown(false);
    await context.setOffline(false);
  }
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a chunk that cannot load shows "Try again"; the app lives on, and Try again loads it', { timeout: 120_000 }, async () => {
  // No service worker: the chunk must come from the network, which refuses it.
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  const blocked = (url) => dist.chunks.includes(new URL(url).pathname.slice(1));
  const handler = (route) => route.abort('failed');
  await context.route(blocked, handler);
  await page.goto(server.url + '#/reports');
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not open' });
  await visible(alert);
  // Online: Reload is offered too (a new version with other chunk names may be online).
  await visible(alert.getByRole('button', { name: 'Reload', exact: true }));
  await screenshot(page, 'lazy-chunk-failed');
  // The app still works (a panic would have aborted the wasm: every tap would do nothing).
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await visible(page.locator('.list-page[data-loaded="true"]'));
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await visible(alert);
  // The network is back: Try again loads the page.
  await context.unroute(blocked, handler);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await lazyPageShown(page, 'Reports');
  assert.equal(await alert.count(), 0);
  assert.deepEqual(unexpected(errors), []);
  assert.ok(!errors.some((e) => /unreachable|RuntimeError|panicked/.test(e)), errors.join('\n'));
  await context.close();
});

test('the follow-up, complaint and deal forms load their own chunk, new and to edit; a blocked chunk shows "Try again"', { timeout: 180_000 }, async () => {
  // No service worker and no HTTP cache: each tab is a fresh start that must fetch the chunk.
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  const id = await addCustomer(page, server.url, 'Siti Rahma', '+62 812 3456 7890');
  await page.close();
  const customer = `#/customers/${encodeURIComponent(id)}`;
  const isForms = (f) => /^split_forms-[0-9a-f]{16}\.wasm$/.test(f);
  assert.ok(dist.chunks.some(isForms), `a split_forms chunk, found ${dist.chunks.join(', ')}`);
  /** A new tab at `hash`: returns it and the chunks it fetched. */
  const fresh = async (hash) => {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => errors.push(`pageerror ${hash}: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error') errors.push(`console ${hash}: ${m.text()}`); });
    const fetched = [];
    tab.on('request', (r) => { const f = new URL(r.url()).pathname.slice(1); if (dist.chunks.includes(f)) fetched.push(f); });
    await tab.goto(server.url + hash);
    return { tab, fetched };
  };

  // The chunk cannot load: the form's place says so, and Try again loads it once it can.
  const blocked = (url) => isForms(new URL(url).pathname.slice(1));
  const handler = (route) => route.abort('failed');
  await context.route(blocked, handler);
  const [, title, , label] = LAZY_FORMS[0];
  const first = await fresh(`${customer}/new/${LAZY_FORMS[0][0]}`);
  await visible(first.tab.locator('.topbar-title', { hasText: title }));
  const alert = first.tab.getByRole('alert').filter({ hasText: 'This page could not open' });
  await visible(alert);
  await context.unroute(blocked, handler);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await visible(first.tab.getByLabel(label, { exact: true }));
  assert.equal(await alert.count(), 0);
  await first.tab.close();
  // Only the failed fetches may be logged.
  const failures = errors.splice(0);
  assert.deepEqual(unexpected(failures), []);

  for (const [store, newTitle, editTitle, field, value, save] of LAZY_FORMS) {
    const add = await fresh(`${customer}/new/${store}`);
    await visible(add.tab.locator('.topbar-title', { hasText: newTitle }));
    await add.tab.getByLabel(field, { exact: true }).fill(value);
    assert.ok(add.fetched.some(isForms), `${store}: the forms chunk was fetched (${add.fetched.join(', ')})`);
    await add.tab.getByRole('button', { name: save, exact: true }).click();
    const history = add.tab.getByRole('list', { name: 'History' });
    await visible(history);
    const href = await history.locator(`a[href*="/${store}/"]`).first().getAttribute('href');
    await add.tab.close();
    // Editing it, from a fresh start: the record is read, then its form drawn from the chunk.
    const edit = await fresh(href);
    await visible(edit.tab.locator('.topbar-title', { hasText: editTitle }));
    const input = edit.tab.getByLabel(field, { exact: true });
    await visible(input);
    assert.equal(await input.inputValue(), value);
    assert.ok(edit.fetched.some(isForms), `${store} edit: the forms chunk was fetched (${edit.fetched.join(', ')})`);
    if (store === 'tasks') await screenshot(edit.tab, 'lazy-form-follow-up');
    await edit.tab.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a part of the customer page that cannot load shows one line with "Try again"; the rest of the page works', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  // A customer first (the form's duplicate warning loads from a chunk too), then the chunks fail.
  const id = await addCustomer(page, server.url, 'Rina Wati', '0812 7777 1234');
  const blocked = (url) => dist.chunks.includes(new URL(url).pathname.slice(1));
  const handler = (route) => route.abort('failed');
  await context.route(blocked, handler);
  // A fresh start on the customer page (the form's tab may have fetched every chunk by now).
  await page.goto(server.url + '#/customers/' + id);
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Rina Wati', level: 2 }));
  // The lead grade, "Send a message" and the customer's orders each say so in their place; the
  // contact buttons, the history buttons and the rest of the page are there.
  const failed = page.getByRole('alert').filter({ hasText: 'This part could not open.' });
  await visible(failed.first());
  assert.equal(await failed.count(), 3);
  assert.equal(await page.getByText('This page could not open').count(), 0);
  await visible(page.getByRole('link', { name: 'Call Rina Wati' }));
  await visible(page.getByRole('region', { name: 'Add to history' }));
  await screenshot(page, 'lazy-part-failed');
  // The network is back: Try again draws the part in place.
  await context.unroute(blocked, handler);
  await failed.first().getByRole('button', { name: 'Try again' }).click();
  await visible(page.getByRole('region', { name: 'Lead grade' }));
  await failed.first().getByRole('button', { name: 'Try again' }).click();
  await visible(page.getByText('Send a message'));
  // The orders part (nothing to show: Rina has no orders).
  await failed.first().getByRole('button', { name: 'Try again' }).click();
  await expectCount(failed, 0);
  assert.deepEqual(unexpected(errors), []);
  assert.ok(!errors.some((e) => /unreachable|RuntimeError|panicked/.test(e)), errors.join('\n'));
  await context.close();
});

/** dist/ served as a real host serves it: gzip-compressed (level 9) when the browser accepts it. */
async function serveGzip() {
  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };
  const s = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    try {
      let body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && !/\.png$/.test(file)) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${s.address().port}/`, close: () => new Promise((ok) => { s.close(ok); s.closeAllConnections(); }) };
}

test('a first visit fetches no chunk, and at most the budget, until the customer list is usable', { timeout: 60_000 }, async () => {
  const gz = await serveGzip();
  const { context, page, errors } = await phone(browser);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map();
    const bytes = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
    await page.goto(gz.url + '#/customers');
    await visible(page.locator('.list-page[data-loaded="true"]'));
    await visible(page.getByRole('searchbox', { name: 'Search customers' }));
    const log = [...bytes]
      .map(([id, n]) => [urls.get(id) ?? '?', n])
      .filter(([u]) => !u.startsWith('data:'))
      .map(([u, n]) => [u.replace(gz.url, '') || 'index.html', n])
      .sort((a, b) => b[1] - a[1]);
    const total = log.reduce((sum, [, n]) => sum + n, 0);
    console.log(`first visit until the customer list is usable: ${total} bytes transferred (budget ${FIRST_LOAD_BUDGET}, goal ${FIRST_LOAD_GOAL})\n` +
      log.map(([u, n]) => `  ${String(n).padStart(8)}  ${u}`).join('\n'));
    assert.ok(log.some(([u]) => /_bg\.wasm$/.test(u)), 'the main wasm was fetched');
    assert.ok(!log.some(([u]) => dist.chunks.includes(u)), 'no lazy chunk before the first screen');
    assert.ok(total <= FIRST_LOAD_BUDGET, `${total} bytes > ${FIRST_LOAD_BUDGET}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await gz.close();
  }
});
