// The benchmark: drives the release build (dist/) in headless Chromium and prints one table,
// every figure a median of several runs next to a baseline measured in the same browser.
// Run it with `bash .ci/bench` (builds, generates the datasets, then runs this).
//
// Environment: BENCH_DATA (dir with rapport-{10k,100k}.json and names-100k.json; default
// ../../target/bench), BENCH_RUNS (cold starts, search rounds, exports; default 5),
// BENCH_IMPORT_RUNS (100k imports; default 3), BENCH_JSON (also write the results there),
// BENCH_ONLY=cold (only the cold starts: empty, 10k, and 100k after one import; a quick check of
// the start-up path, ≈ 2 minutes), BENCH_ONLY=dashboard (only "tap Reports → key numbers" at 100k,
// at full speed and with the CPU slowed 4×; with BENCH_BASE_DIST=<another build's dist dir> the
// runs alternate between that build and dist/ on the same data, and both are printed; the clock
// is set to BENCH_NOW, default 2026-10-31T12:00Z, the end of the datasets), BENCH_ONLY=phone (only
// the cheap-phone profile: CPU slowed 4× through the DevTools protocol, first visits over
// Lighthouse's Slow 4G, files gzipped; the build BENCH_BEFORE_DIST (labelled BENCH_BEFORE_LABEL;
// .ci/bench builds it from BENCH_BEFORE_REF) next to dist/, in the same run; a full run prints
// that table too when BENCH_BEFORE_DIST is set), BENCH_ONLY=join (only the join benchmark,
// benchjoin.mjs: a phone joins a team database of the 100k dataset — BENCH_JOIN_SIZE=10k or 1k for
// a quick check — against PouchDB's replicate.from in the same browser; BENCH_JOIN_RUNS joins each,
// default 1 at 100k, else 3; a full run prints that table too), BENCH_ONLY=picker (only picking a
// product among 2,000 in the purchase form against customer search among 10k, per keystroke, after
// one import of the 100k dataset; a full run prints those rows too).
import { writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { DIST, PHONE } from './lib.mjs';
import { serveWithData, INIT_SCRIPT, median, percentile } from './benchlib.mjs';
import { joinBench } from './benchjoin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.BENCH_DATA || join(here, '..', '..', 'target', 'bench');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS || 3);
const ONLY = process.env.BENCH_ONLY || '';
// Milliseconds to wait between the customer list being loaded and the tap on Reports (0: none).
const SETTLE = Number(process.env.BENCH_SETTLE || 0);
const log = (...a) => console.error('[bench]', ...a);

// BENCH_DIST serves another build's dist/ instead (e.g. a copy of the build before a change).
const server = await serveWithData(DATA, 0, process.env.BENCH_DIST || DIST);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-precise-memory-info'],
});

async function context() {
  // English UI: the benchmark finds buttons by their English names (the datasets' settings say
  // English too).
  // BENCH_ONLY=dashboard switches builds on one origin: no service worker, so no cached build.
  const sw = ONLY === 'dashboard' ? { serviceWorkers: 'block' } : {};
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', acceptDownloads: true, ...sw });
  await ctx.addInitScript(INIT_SCRIPT);
  return ctx;
}

const visible = (loc, timeout = 600_000) => loc.waitFor({ state: 'visible', timeout });

/**
 * Opens `hash` in a new page of `ctx` (served by `srv`); resolves with { page, t } once the customer
 * list is interactive. `cpu` > 1 slows the CPU that many times and `net` emulates a network
 * (DevTools protocol), both from before the page loads.
 */
async function open(ctx, hash = '#/customers', { srv = server, cpu = 1, net = null } = {}) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  if (cpu > 1 || net) {
    const cdp = await ctx.newCDPSession(page);
    if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    if (net) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', net);
    }
  }
  await page.goto(srv.url + hash);
  await page.waitForFunction(() => window.__t.interactive, null, { timeout: 300_000, polling: 20 });
  return { page, t: await page.evaluate(() => window.__t) };
}

/**
 * Cold start to an interactive customer list, `n` times (the first load, which creates the
 * database, is not counted). Also returns when every customer was read (`full`: the list's
 * `data-loaded` turns true; search covers everyone from then on).
 */
async function coldStarts(ctx, n) {
  (await open(ctx)).page.close();
  const out = [];
  const full = [];
  for (let i = 0; i < n; i++) {
    const { page, t } = await open(ctx);
    out.push(t.interactive);
    await page.waitForSelector('.list-page[data-loaded=true]', { timeout: 300_000 });
    full.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  out.full = full;
  return out;
}

/**
 * Reports from the customer list: the tap until the dashboard's key numbers show (reads +
 * computation + drawing). `slowdown` > 1 slows the CPU that many times (DevTools throttling) from
 * just before the tap.
 */
async function dashboard(ctx, n, slowdown = 1, srv = server) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const { page } = await open(ctx, '#/customers', { srv });
    await page.waitForSelector('.list-page[data-loaded=true]', { timeout: 300_000 });
    if (slowdown > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    }
    if (SETTLE) await page.waitForTimeout(SETTLE);
    // The page notes when the key numbers enter the document (a round trip from here would wait
    // for whatever the page does next). Builds that show them before every purchase is read mark
    // the list `data-complete` once the rest (at risk, revenue per month) is in; others show it
    // all at once.
    const t0 = await page.evaluate(() => {
      window.__kpi = {};
      const seen = () => {
        const ul = document.querySelector('ul.kpis');
        if (!ul || !ul.querySelector('li')) return;
        const now = performance.now();
        window.__kpi.key ??= now;
        if (ul.getAttribute('data-complete') !== 'false') window.__kpi.all ??= now;
      };
      new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true });
      const t0 = performance.now();
      location.hash = '#/reports';
      return t0;
    });
    await page.waitForSelector('ul.kpis:not([data-complete=false]) li', { timeout: 300_000 });
    const kpi = await page.evaluate(() => window.__kpi);
    out.push(kpi.key - t0);
    (out.complete ??= []).push(kpi.all - t0);
    await page.close();
  }
  return out;
}

/** Restores a backup through the app's own screen ("Replace my data"); returns ms (reading + writing). */
async function importBackup(ctx, file, srv = server) {
  const page = await ctx.newPage();
  await page.goto(srv.url + '#/backup');
  const input = page.getByLabel('Backup file');
  await input.waitFor({ state: 'attached', timeout: 60_000 });
  const t0 = performance.now();
  await input.setInputFiles(join(DATA, file));
  await visible(page.getByRole('button', { name: 'Replace my data' }));
  const read = performance.now() - t0;
  await page.getByRole('button', { name: 'Replace my data' }).click();
  const yes = page.getByRole('button', { name: 'Yes, replace' });
  await visible(yes);
  const t1 = performance.now();
  await yes.click();
  await visible(page.getByText(/replaced by the backup/));
  const write = performance.now() - t1;
  await page.close();
  return read + write;
}

/**
 * Baseline for the import: plain JavaScript parses the same file and writes the same records to
 * IndexedDB in one transaction, into a database with the same stores and indexes as the app's.
 */
async function baselineImport(ctx, file) {
  const page = await ctx.newPage();
  await page.goto(server.url + '#/customers');
  await page.waitForFunction(() => window.__t.interactive, null, { timeout: 60_000 });
  const ms = await page.evaluate(async (url) => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const app = await req(indexedDB.open('rapport'));
    const schema = [...app.objectStoreNames].map((s) => {
      const st = app.transaction(s).objectStore(s);
      return { name: s, keyPath: st.keyPath, indexes: [...st.indexNames].map((i) => { const x = st.index(i); return { name: i, keyPath: x.keyPath, unique: x.unique, multiEntry: x.multiEntry }; }) };
    });
    app.close();
    await req(indexedDB.deleteDatabase('baseline'));
    const open = indexedDB.open('baseline', 1);
    open.onupgradeneeded = () => {
      for (const s of schema) {
        const st = open.result.createObjectStore(s.name, s.keyPath ? { keyPath: s.keyPath } : undefined);
        for (const i of s.indexes) st.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    const db = await req(open);
    const text = await (await fetch(url)).text();
    const t0 = performance.now();
    const doc = JSON.parse(text);
    const stores = ['customers', 'interactions', 'purchases', 'payments', 'tasks', 'cases'].filter((s) => db.objectStoreNames.contains(s));
    const tx = db.transaction([...stores, 'meta'], 'readwrite');
    for (const s of stores) { const st = tx.objectStore(s); for (const r of doc[s] || []) st.put(r); }
    tx.objectStore('meta').put(doc.settings, 'settings');
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); tx.onabort = () => fail(tx.error); });
    const ms = performance.now() - t0;
    db.close();
    await req(indexedDB.deleteDatabase('baseline'));
    return ms;
  }, server.url + '__data/' + file);
  await page.close();
  return ms;
}

async function exportBackup(ctx) {
  const page = await ctx.newPage();
  await page.goto(server.url + '#/backup');
  const btn = page.getByRole('button', { name: 'Prepare backup' });
  await visible(btn, 60_000);
  const t0 = performance.now();
  await btn.click();
  await visible(page.getByText(/^Ready: rapport-backup/));
  const ms = performance.now() - t0;
  await page.close();
  return ms;
}

/** Search as you type: per-keystroke time in the app (input event → list updated and laid out) and in a naive JS scan. */
async function searchKeystrokes(page, names, queries, rounds, selector = 'input[type=search]') {
  return page.evaluate(async ({ names, queries, rounds, selector }) => {
    const tick = () => new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = () => ok(); c.port2.postMessage(0); });
    const input = document.querySelector(selector);
    const set = (v) => { input.value = v; input.dispatchEvent(new Event('input', { bubbles: true })); };
    const app = []; const js = []; let sink = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          const prefix = q.slice(0, i);
          let t0 = performance.now();
          set(prefix);
          await tick();
          document.body.getBoundingClientRect();
          document.querySelector('.count')?.offsetHeight;
          app.push(performance.now() - t0);
          t0 = performance.now();
          const needle = prefix.toLowerCase();
          const found = names.filter((n) => n.toLowerCase().includes(needle));
          sink += found.length;
          js.push(performance.now() - t0);
          await tick();
        }
        set('');
        await tick();
        await new Promise((ok) => setTimeout(ok, 50));
      }
    }
    return { app, js, sink };
  }, { names, queries, rounds, selector });
}

/** 2,000 product names: a kind, a flavour and a size, with accents (Spanish and Indonesian shops). */
function productNames() {
  const kinds = ['Kue', 'Tarta', 'Brownies', 'Café', 'Es teh', 'Roti', 'Empanada', 'Jugo', 'Bolu', 'Crème', 'Galleta', 'Nasi', 'Sate', 'Pastel', 'Limonada', 'Martabak', 'Churros', 'Flan', 'Keripik', 'Donat'];
  const flavours = ['cokelat', 'limón', 'pandan', 'fresa', 'keju', 'vainilla', 'kelapa', 'mangga', 'dulce de leche', 'kacang', 'matcha', 'piña', 'durian', 'canela', 'stroberi', 'almendra', 'ketan', 'naranja', 'gula aren', 'café'];
  const sizes = ['kecil', 'grande', 'mediana', 'jumbo', '250 g'];
  const out = [];
  for (const k of kinds) for (const f of flavours) for (const z of sizes) out.push(`${k} ${f} ${z}`);
  return out.slice(0, 2000);
}

/**
 * Picking a product among 2,000 (written into IndexedDB) in the purchase form: per-keystroke time
 * from the input event to the picker's list updated and laid out, measured like the customer search.
 */
async function pickerKeystrokes(ctx, rounds) {
  const { page } = await open(ctx);
  await page.waitForSelector('.list-page[data-loaded=true]', { timeout: 300_000 });
  const names = productNames();
  const customer = await page.evaluate(async (names) => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const db = await req(indexedDB.open('rapport'));
    const tx = db.transaction(['products', 'customers'], 'readwrite');
    const now = Date.now();
    names.forEach((name, i) => tx.objectStore('products').put({ id: `bench-p${i}`, name, price: 1000 + i * 10, category: i % 2 ? 'Kue' : 'Minuman', created_at: now, updated_at: now }));
    const first = await req(tx.objectStore('customers').openCursor());
    await new Promise((ok, ko) => { tx.oncomplete = ok; tx.onerror = ko; });
    db.close();
    return first.value.id;
  }, names);
  await page.goto(`${server.url}#/customers/${encodeURIComponent(customer)}/new/purchases`);
  await page.getByRole('radio', { name: 'Item by item' }).check();
  await page.getByRole('button', { name: 'Pick a product' }).click();
  await page.waitForSelector('.picker-row', { timeout: 60_000 });
  const queries = ['kue', 'tarta lim', 'cafe', 'es teh k', 'martabak durian', 'creme'];
  const r = await searchKeystrokes(page, names, queries, rounds, '.picker-search');
  await page.close();
  return r;
}

/** Scrolls the list down `steps` screens, tapping "Show more" when the list asks for it; long tasks > 50 ms while doing so. */
async function scrollList(page, steps) {
  await page.evaluate(() => { window.__longtasks.length = 0; });
  let more = 0;
  for (let i = 0; i < steps; i++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight));
    await page.waitForTimeout(30);
    const btn = page.getByRole('button', { name: /^Show more/ });
    if (await btn.isVisible().catch(() => false)) { await btn.click(); more++; }
  }
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => ({ long: [...window.__longtasks], rows: document.querySelectorAll('ul.rows li').length, y: window.scrollY, h: document.body.scrollHeight }));
  return { ...r, more };
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  await cdp.detach();
  return { heap: heap.usedSize, wasm };
}

function bundle() {
  let total = 0;
  for (const f of readdirSync(DIST)) if (/\.(wasm|js|css|html)$/.test(f)) total += gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length;
  return total;
}

// ------------------------------------------------------------------------------------------------
// The cheap-phone profile: the build before issue 13 (BENCH_BEFORE_DIST, built by .ci/bench) next to
// dist/, in the same run, each on its own server (port) and in its own browser contexts.

const PHONE_CPU = 4;
// Lighthouse's "Slow 4G" (its mobile default): 150 ms round trip, 1.6 Mbps down, 750 kbps up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
// Typed one key at a time, a key every 150 ms (a quick thumb).
const PHONE_QUERIES = ['siti', 'nunez', 'priya s', '0812', 'garcia l', 'wijaya'];
const KEY_EVENTS = ['keydown', 'keypress', 'keyup', 'beforeinput', 'input'];

/**
 * A first visit: a fresh context (empty cache, no service worker), Slow 4G and the CPU slowed, until
 * the customer list (or its empty state) is interactive. Bytes: every response finished by then
 * (Resource Timing transferSize: headers + the gzipped body).
 */
async function firstVisit(srv) {
  const ctx = await context();
  try {
    const { page, t } = await open(ctx, '#/customers', { srv, cpu: PHONE_CPU, net: SLOW_4G });
    const bytes = await page.evaluate((end) => {
      const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return all.filter((e) => e.responseEnd <= end).reduce((sum, e) => sum + e.transferSize, 0);
    }, t.interactive);
    return { ms: t.interactive, bytes };
  } finally {
    await ctx.close();
  }
}

/** A context with the app opened once (the database made, the service worker in control) and `file` restored. */
async function phoneData(srv, file) {
  const ctx = await context();
  const { page } = await open(ctx, '#/customers', { srv });
  await page.evaluate(() => Promise.race([navigator.serviceWorker?.ready, new Promise((ok) => setTimeout(ok, 30_000))]));
  await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 60_000 }).catch(() => {});
  await page.close();
  await importBackup(ctx, file, srv);
  return ctx;
}

/** Cold start (second visit: cache and service worker warm) with the CPU slowed, to an interactive list. */
async function phoneCold(ctx, srv) {
  const { page, t } = await open(ctx, '#/customers', { srv, cpu: PHONE_CPU });
  await page.close();
  return t.interactive;
}

/**
 * Searching the 10k customers with the CPU slowed: real key presses (trusted events), the queries of
 * the search benchmark, and the worst keystroke-to-next-paint as INP measures it (Event Timing
 * entries of keyboard and input events, durationThreshold 16). Returns { worst, keys }.
 */
async function phoneSearch(ctx, srv) {
  const { page } = await open(ctx, '#/customers', { srv });
  await page.waitForSelector('.list-page[data-loaded=true]', { timeout: 300_000 });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU });
  await page.evaluate(() => {
    window.__events = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__events.push({ name: e.name, start: e.startTime, d: e.duration }); })
      .observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const input = page.locator('input[type=search]');
  await input.focus();
  // The entries of each query's typing: those delivered from its first key until shortly after its
  // last (not by performance.now(): the clock is faked in this context, Event Timing's is not).
  const typed = [];
  let keys = 0;
  for (const q of PHONE_QUERIES) {
    await page.evaluate(() => { window.__events.length = 0; });
    await page.keyboard.type(q, { delay: 150 });
    await page.waitForTimeout(600);
    typed.push(...(await page.evaluate(() => window.__events)).filter((e) => KEY_EVENTS.includes(e.name)));
    keys += q.length;
    await input.fill('');
    await page.waitForTimeout(1000);
  }
  await page.close();
  // No entry at all means every keystroke painted within 16 ms.
  return { worst: typed.length ? Math.max(...typed.map((e) => e.d)) : 16, keys };
}

/** Runs the cheap-phone profile on both builds, alternating; returns the rows of its table. */
async function phoneProfile(beforeDir, beforeLabel) {
  const builds = [['before', await serveWithData(DATA, 0, beforeDir)], ['after', server]];
  const r = {};
  const push = (k, name, v) => ((r[k] ??= {})[name] ??= []).push(v);
  log(`cheap-phone profile: first visits (Slow 4G, CPU ${PHONE_CPU}×), ${RUNS} per build`);
  for (let i = 0; i < RUNS; i++) {
    for (const [name, srv] of builds) {
      const v = await firstVisit(srv);
      push('first', name, v.ms);
      push('bytes', name, v.bytes);
      log(`  run ${i + 1}, ${name}: ${Math.round(v.ms)} ms, ${v.bytes.toLocaleString('en-US')} B`);
    }
  }
  log('cheap-phone profile: 10k dataset, cold starts');
  for (const [name, srv] of builds) {
    const ctx = await phoneData(srv, 'rapport-10k.json');
    r[`ctx10 ${name}`] = ctx;
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [name, srv] of builds) {
      const v = await phoneCold(r[`ctx10 ${name}`], srv);
      push('cold', name, v);
      log(`  run ${i + 1}, ${name}: ${Math.round(v)} ms`);
    }
  }
  for (const [name] of builds) await r[`ctx10 ${name}`].close();
  log('cheap-phone profile: 100k dataset, search (Event Timing) and Reports');
  for (const [name, srv] of builds) {
    const ctx = await phoneData(srv, 'rapport-100k.json');
    await ctx.clock.setFixedTime(new Date(process.env.BENCH_NOW || '2026-10-31T12:00:00Z'));
    r[`ctx100 ${name}`] = ctx;
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [name, srv] of builds) {
      const ctx = r[`ctx100 ${name}`];
      const s = await phoneSearch(ctx, srv);
      push('search', name, s.worst);
      r.keys = s.keys;
      const d = await dashboard(ctx, 1, PHONE_CPU, srv);
      push('reports', name, d[0]);
      log(`  run ${i + 1}, ${name}: worst keystroke ${Math.round(s.worst)} ms (${s.keys} keys), Reports ${Math.round(d[0])} ms`);
    }
  }
  for (const [name] of builds) await r[`ctx100 ${name}`].close();
  await builds[0][1].close();
  const cell = (k, name, f = (x) => `${Math.round(x).toLocaleString('en-US')} ms`) =>
    `${f(median(r[k][name]))} (${r[k][name].map((x) => Math.round(x).toLocaleString('en-US')).join(', ')})`;
  const kb = (x) => `${(x / 1000).toFixed(0)} kB`;
  const ratio = (k) => `${(median(r[k].after) / median(r[k].before)).toFixed(2)}×`;
  return {
    header: `| cheap-phone profile: CPU slowed ${PHONE_CPU}×; first visits over Slow 4G (150 ms RTT, 1.6 Mbps down, 750 kbps up), files gzipped | ${beforeLabel} | after (dist/, split) | after / before | goal |`,
    rows: [
      ['first visit (empty cache, no service worker) → customer list interactive', cell('first', 'before'), cell('first', 'after'), ratio('first'), '≤ 2,500 ms'],
      ['bytes transferred until then (headers + gzip bodies)', cell('bytes', 'before', kb), cell('bytes', 'after', kb), ratio('bytes'), '≤ 350 KB'],
      ['cold start (second visit, service worker warm), 10k-events dataset → interactive list', cell('cold', 'before'), cell('cold', 'after'), ratio('cold'), ''],
      [`worst keystroke → next paint (Event Timing, as INP), searching 10k customers (${r.keys} keys a run, one every 150 ms)`, cell('search', 'before'), cell('search', 'after'), ratio('search'), '≤ 200 ms'],
      ['Reports: tap → key numbers, 100k dataset', cell('reports', 'before'), cell('reports', 'after'), ratio('reports'), '≤ 1,000 ms'],
    ],
  };
}

function printPhone(t) {
  console.log(`\nmedians of ${RUNS} runs (each run's figure in brackets); Chromium ${browser.version()}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  console.log(t.header);
  console.log('|---|---|---|---|---|');
  for (const row of t.rows) console.log(`| ${row.join(' | ')} |`);
}

const BEFORE = process.env.BENCH_BEFORE_DIST || '';
const BEFORE_LABEL = process.env.BENCH_BEFORE_LABEL || `before (${BEFORE})`;
if (ONLY === 'phone') {
  if (!BEFORE) throw new Error('BENCH_ONLY=phone needs BENCH_BEFORE_DIST (run it through .ci/bench)');
  printPhone(await phoneProfile(BEFORE, BEFORE_LABEL));
  await browser.close();
  await server.close();
  process.exit(0);
}

const JOIN_SIZE = process.env.BENCH_JOIN_SIZE || '100k';
const JOIN_RUNS = Number(process.env.BENCH_JOIN_RUNS || (JOIN_SIZE === '100k' ? 1 : 3));
const runJoin = async () => ({ ...(await joinBench({ newContext: context, server, data: DATA, size: JOIN_SIZE, runs: JOIN_RUNS, log })), version: browser.version() });
function printJoin(j) {
  const cpu = os.cpus();
  console.log(`\njoining a team — ${new Date().toISOString().slice(0, 10)} — ${cpu.length}× ${cpu[0]?.model ?? '?'}, Chromium ${j.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  for (const l of j.lines) console.log(l);
}
if (ONLY === 'join') {
  const j = await runJoin();
  printJoin(j);
  if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify(j.results, null, 1));
  await browser.close();
  await server.close();
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------

const names = JSON.parse(readFileSync(join(DATA, 'names-100k.json'), 'utf8'));
const results = {};

if (ONLY === 'dashboard') {
  const base = process.env.BENCH_BASE_DIST || '';
  const ctx = await context();
  (await open(ctx)).page.close();
  log('import of rapport-100k.json');
  await importBackup(ctx, 'rapport-100k.json');
  // The phone's clock at the end of the dataset (it ends 2026-11-01), so the default period,
  // "this month", is a full month of data and so are the two before it.
  await ctx.clock.setFixedTime(new Date(process.env.BENCH_NOW || '2026-10-31T12:00:00Z'));
  const builds = base ? [['base', base], ['this', DIST]] : [['this', DIST]];
  const r = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [name, dir] of builds) {
      server.useDist(dir);
      for (const slow of [1, 4]) {
        const one = await dashboard(ctx, 1, slow);
        (r[`${name} ${slow}×`] ??= []).push(one[0]);
        (r[`${name} ${slow}× all`] ??= []).push(one.complete[0]);
        log(`  run ${i + 1}, ${name} build, CPU ${slow === 1 ? 'full speed' : `slowed ${slow}×`}: key numbers ${Math.round(one[0])} ms, all ${Math.round(one.complete[0])} ms`);
      }
    }
  }
  server.useDist(DIST);
  console.log('| dashboard, 100k dataset: tap Reports → | key numbers, full speed | key numbers, CPU slowed 4× | everything (at risk, charts), full speed | everything, 4× |');
  console.log('|---|---|---|---|---|');
  for (const [name] of builds) {
    const cell = (k) => `${median(r[`${name} ${k}`]).toFixed(0)} ms (${r[`${name} ${k}`].map((x) => Math.round(x)).join(', ')})`;
    console.log(`| ${name === 'base' ? `base build (${base})` : 'this build (dist/)'} | ${cell('1×')} | ${cell('4×')} | ${cell('1× all')} | ${cell('4× all')} |`);
  }
  await browser.close();
  await server.close();
  process.exit(0);
}

if (ONLY === 'picker') {
  // Picking a product among 2,000 against customer search among the 100k dataset's 10k
  // customers, in the same browser (one import of the 100k dataset, ≈ 1 minute).
  const ctx = await context();
  (await open(ctx)).page.close();
  await importBackup(ctx, 'rapport-100k.json');
  const { page } = await open(ctx);
  await page.waitForSelector('.list-page[data-loaded=true]', { timeout: 300_000 });
  const queries = ['siti', 'nunez', 'priya s', '0812', 'garcia l', 'wijaya'];
  const customers = (await searchKeystrokes(page, names, queries, RUNS)).app;
  await page.close();
  const products = (await pickerKeystrokes(ctx, RUNS)).app;
  console.log('| per keystroke (input → list laid out) | picking a product, 2,000 products | customer search, 10k customers | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const q of [50, 95]) {
    const a = percentile(products, q), b = percentile(customers, q);
    console.log(`| p${q} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)}× | ≤ 1.0× |`);
  }
  console.log(`(${products.length} and ${customers.length} keystrokes)`);
  await browser.close();
  await server.close();
  process.exit(0);
}

log('cold start, empty database');
const ctxEmpty = await context();
results.coldEmpty = await coldStarts(ctxEmpty, RUNS);

log('import of rapport-10k.json, then cold starts');
const ctx10k = await context();
await importBackup(ctx10k, 'rapport-10k.json');
results.cold10k = await coldStarts(ctx10k, RUNS);
await ctx10k.close();

if (ONLY === 'cold') {
  const ctx = await context();
  (await open(ctx)).page.close();
  const imported = await importBackup(ctx, 'rapport-100k.json');
  results.cold100k = await coldStarts(ctx, RUNS);
  const e = median(results.coldEmpty);
  console.log('| measure | Rapport | baseline | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const [what, xs] of [['10k-events dataset', results.cold10k], ['100k dataset', results.cold100k]]) {
    const m = median(xs);
    console.log(`| cold start → interactive customer list, ${what} | ${m.toFixed(0)} ms | ${e.toFixed(0)} ms (empty DB) | ${(m / e).toFixed(2)}× | ≤ 1.5× |`);
  }
  console.log(`| import of the 135,500-record backup (Replace), one run | ${imported.toFixed(0)} ms | | | (info) |`);
  console.log(`| cold start → every customer read, 100k dataset | ${median(results.cold100k.full).toFixed(0)} ms | | ${(median(results.cold100k.full) / e).toFixed(2)}× | (info) |`);
  await browser.close();
  await server.close();
  process.exit(0);
}

log(`import of rapport-100k.json (${IMPORT_RUNS}×, each on an empty phone) and the JS baseline`);
results.import100k = [];
results.importBaseline = [];
let ctxBig;
for (let i = 0; i < IMPORT_RUNS; i++) {
  const ctx = await context();
  (await open(ctx)).page.close();
  results.importBaseline.push(await baselineImport(ctx, 'rapport-100k.json'));
  results.import100k.push(await importBackup(ctx, 'rapport-100k.json'));
  log(`  run ${i + 1}: app ${Math.round(results.import100k.at(-1))} ms, baseline ${Math.round(results.importBaseline.at(-1))} ms`);
  if (i === IMPORT_RUNS - 1) ctxBig = ctx; else await ctx.close();
}

log('cold starts at 100k');
results.cold100k = await coldStarts(ctxBig, RUNS);
{
  // The Today screen (the default first screen): until its greeting shows and the main thread is free.
  const t = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await ctxBig.newPage();
    await p.goto(server.url + '#/');
    await p.waitForSelector('.today-hello', { timeout: 120_000 });
    t.push(await p.evaluate(() => new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = () => ok(performance.now()); c.port2.postMessage(0); })));
    await p.close();
  }
  results.coldToday100k = t;
}

log('dashboard at 100k');
results.dashboard100k = await dashboard(ctxBig, RUNS);

log('search as you type at 10k customers');
{
  const { page } = await open(ctxBig);
  const queries = ['siti', 'nunez', 'priya s', '0812', 'garcia l', 'wijaya'];
  const r = await searchKeystrokes(page, names, queries, RUNS);
  results.searchApp = r.app;
  results.searchJs = r.js;

  log('scrolling');
  results.scroll = await scrollList(page, 40);
  log('memory');
  results.memList = await memory(page);
  await page.close();
}
{
  // Memory after browsing: list, Today, Reports, a customer, back to the list.
  const { page } = await open(ctxBig);
  for (const h of ['#/', '#/reports', '#/customers']) { await page.goto(server.url + h); await page.waitForTimeout(1500); }
  await page.getByRole('list', { name: 'Customers' }).getByRole('link').first().click();
  await page.waitForTimeout(1500);
  results.memBrowse = await memory(page);
  await page.close();
}

log('export at 100k');
results.export100k = [];
for (let i = 0; i < Math.min(RUNS, 3); i++) results.export100k.push(await exportBackup(ctxBig));

// After the export (it writes 2,000 products into the 100k phone).
log('picking a product among 2,000');
results.pickerApp = (await pickerKeystrokes(ctxBig, RUNS)).app;

results.bundle = bundle();
const phone = BEFORE ? await phoneProfile(BEFORE, BEFORE_LABEL) : null;
log('joining a team');
const joined = await runJoin();
const version = browser.version();
await browser.close();
await server.close();

// ------------------------------------------------------------------------------------------------

const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const ms1 = (x) => `${x.toFixed(1)} ms`;
const mb = (x) => `${(x / 1048576).toFixed(1)} MB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const ok = (good) => (good ? 'yes' : '**no**');
const rows = [];
const add = (what, value, baseline, r, goal, met) => rows.push([what, value, baseline, r, goal, met]);

const e = median(results.coldEmpty);
const c10 = median(results.cold10k);
const c100 = median(results.cold100k);
add('cold start → interactive customer list, 10k-events dataset', ms(c10), `${ms(e)} (empty DB)`, ratio(c10, e), '≤ 1.5×', ok(c10 / e <= 1.5));
add('cold start → interactive customer list, 100k dataset', ms(c100), `${ms(e)} (empty DB)`, ratio(c100, e), '≤ 1.5×', ok(c100 / e <= 1.5));
add('cold start → every customer read (search covers all), 100k dataset', ms(median(results.cold100k.full)), `${ms(e)} (empty DB)`, ratio(median(results.cold100k.full), e), '(info)', '');
const ct = median(results.coldToday100k);
add('cold start → Today screen, 100k dataset', ms(ct), `${ms(e)} (empty DB, list)`, ratio(ct, e), '(info)', '');
const a50 = percentile(results.searchApp, 50), a95 = percentile(results.searchApp, 95);
const j50 = percentile(results.searchJs, 50), j95 = percentile(results.searchJs, 95);
add('search as you type, 10k customers, p50 per keystroke', ms1(a50), `${ms1(j50)} (JS substring scan)`, ratio(a50, j50), '≤ 1.0×', ok(a50 <= j50));
add('search as you type, 10k customers, p95 per keystroke', ms1(a95), `${ms1(j95)} (JS substring scan)`, ratio(a95, j95), '≤ 1.0×', ok(a95 <= j95));
{
  const p50 = percentile(results.pickerApp, 50), p95 = percentile(results.pickerApp, 95);
  add('picking a product among 2,000 as you type, p50 per keystroke', ms1(p50), `${ms1(a50)} (customer search, 10k)`, ratio(p50, a50), '≤ 1.0×', ok(p50 <= a50));
  add('picking a product among 2,000 as you type, p95 per keystroke', ms1(p95), `${ms1(a95)} (customer search, 10k)`, ratio(p95, a95), '≤ 1.0×', ok(p95 <= a95));
}
const im = median(results.import100k), ib = median(results.importBaseline);
add('import of the 135,500-record backup (Replace)', ms(im), `${ms(ib)} (JS, one transaction)`, ratio(im, ib), '≤ 1.2×', ok(im / ib <= 1.2));
add('export of the 135,500-record backup', ms(median(results.export100k)), '', '', '(info)', '');
add('dashboard: tap Reports → key numbers shown, 100k dataset (reads 20,000 purchases + computes + draws)', ms(median(results.dashboard100k)), '', '', '(info)', '');
const lt = results.scroll.long;
add(`scrolling the customer list (${results.scroll.rows} rows drawn, ${results.scroll.more} "Show more")`, `${lt.length} long tasks, longest ${lt.length ? ms(Math.max(...lt)) : '–'}`, '', '', 'none > 50 ms', ok(lt.length === 0));
const mem = [results.memList, results.memBrowse].map((m) => m.heap + m.wasm);
const worst = Math.max(...mem);
add('JS heap + wasm memory, 100k dataset (list / after browsing)', `${mb(mem[0])} / ${mb(mem[1])}`, `(wasm ${mb(results.memBrowse.wasm)})`, '', '≤ 150 MB', ok(worst <= 150 * 1048576));
add('bundle, gzip -9 (wasm + JS + CSS + HTML)', `${(results.bundle / 1024).toFixed(0)} KB`, '', '', '≤ 350 KB', ok(results.bundle <= 350 * 1024));

const cpu = os.cpus();
console.log(`\nRapport benchmark — ${new Date().toISOString().slice(0, 10)} — ${cpu.length}× ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Chromium ${version}`);
console.log(`medians of ${RUNS} runs (imports: ${IMPORT_RUNS}); search: ${results.searchApp.length} keystrokes\n`);
console.log('| measure | Rapport | baseline (same page/run) | ratio | goal | met |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (phone) printPhone(phone);
printJoin(joined);
if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify(results, null, 1));
