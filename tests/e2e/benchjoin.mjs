// The join benchmark (issue 14, "How it is tested" → Benchmark; bench.mjs runs it with
// BENCH_ONLY=join, and in a full run): a second phone joins a team database holding a dataset
// (default the 135,500-record 100k one; BENCH_JOIN_SIZE=10k or 1k for a quick check), against
// PouchDB's own `replicate.from` of the same database, in the same browser and run.
//
// Setup (not measured, but timed): pouchdb-server in memory (tests/e2e/couch.mjs) with an admin
// and a staff user, and the team database filled from Node with `_bulk_docs` (`new_edits: false`)
// in Rapport's format: one document per record, `_id` `<store>:<id>`, customers without their
// `summary`, `rapport: 1`, the deterministic first revision `1-<md5>` (pouch.mjs), the settings as
// `settings:business` without the phone's own language and theme.
//
// Rapport: a fresh context, the app opened on an empty phone, Team sync set up through its page
// (address, database, user, password, Test connection, Save — as an owner does); the clock starts
// at the tap on Save and stops when the customer list counts every customer, every document has
// its entry in IndexedDB (polled every 250 ms) and the Team sync status then says "Synced". PouchDB: a fresh context on the same origin, PouchDB's browser build
// (tests/sync-server/node_modules/pouchdb/dist/pouchdb.min.js, its default IndexedDB adapter),
// `new PouchDB('join').replicate.from(remote)` with its default options (batch_size 100), timed
// until it resolves. Both: peak memory sampled every 250 ms — JS heap (CDP Performance.getMetrics
// JSHeapUsedSize) and, for Rapport, the wasm linear memory too (not part of the JS heap) — and
// IndexedDB's size at the end (navigator.storage.estimate().usageDetails.indexedDB).
//
// Rapport's time is also split by what it waited on: every `fetch` of the page is timed (an init
// script wraps `window.fetch`), so the table shows the time spent in `_changes`, `_bulk_get`, the
// checkpoint PUTs, and the rest (the phone's own work: IndexedDB, parsing, the screens).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCouch, setUpShop } from './couch.mjs';
import { rapportDoc, rapportRev } from './pouch.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const POUCH_JS = join(here, '..', 'sync-server', 'node_modules', 'pouchdb', 'dist', 'pouchdb.min.js');
const STORES = ['customers', 'interactions', 'purchases', 'payments', 'tasks', 'cases', 'deals', 'templates', 'campaigns', 'segments'];
const PHONE_SETTINGS = ['language', 'language_chosen', 'theme'];
const UPLOAD_BATCH = 2000;
const SAMPLE_MS = 250;

/** The team database's documents for a backup file, in the backup's order (customers first). */
export function teamDocs(backup) {
  const docs = [];
  for (const s of STORES) {
    for (const r of backup[s] ?? []) {
      const rec = { ...r };
      if (s === 'customers') delete rec.summary;
      docs.push(rapportDoc(s, rec));
    }
  }
  if (backup.settings) {
    const body = { ...backup.settings };
    for (const k of PHONE_SETTINGS) delete body[k];
    const rev = rapportRev(null, false, body);
    docs.push({ _id: 'settings:business', _rev: rev, _revisions: { start: 1, ids: [rev.slice(2)] }, ...body, rapport: 1 });
  }
  return docs;
}

/** Fills `db` on the server with `docs` (`_bulk_docs`, `new_edits: false`, in batches). */
async function upload(couch, db, docs, auth) {
  const headers = { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(auth.join(':')).toString('base64') };
  for (let i = 0; i < docs.length; i += UPLOAD_BATCH) {
    const res = await fetch(`${couch.url}${db}/_bulk_docs`, {
      method: 'POST', headers, body: JSON.stringify({ docs: docs.slice(i, i + UPLOAD_BATCH), new_edits: false }),
    });
    const out = await res.json();
    if (res.status !== 201 || out.some((r) => r.error)) throw new Error(`_bulk_docs: ${res.status} ${JSON.stringify(out).slice(0, 500)}`);
  }
}

/** Samples the page's memory every 250 ms until `stop()`; returns { stop → { js, wasm, total } peaks }. */
async function sampler(ctx, page, wasm) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const peak = { js: 0, wasm: 0, total: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const js = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        const w = wasm ? await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0) : 0;
        peak.js = Math.max(peak.js, js);
        peak.wasm = Math.max(peak.wasm, w);
        peak.total = Math.max(peak.total, js + w);
        peak.samples += 1;
      } catch { /* the page is navigating */ }
      await new Promise((ok) => setTimeout(ok, SAMPLE_MS));
    }
  })();
  return {
    stop: async () => { running = false; await loop; await cdp.detach().catch(() => {}); return peak; },
  };
}

/** IndexedDB's bytes for the page's origin (Chromium's estimate). */
const idbSize = (page) => page.evaluate(async () => {
  const e = await navigator.storage.estimate();
  return e.usageDetails?.indexedDB ?? e.usage;
});

/** Times every fetch of the page (start, end of body) by path. */
const FETCH_LOG = () => {
  window.__fetches = [];
  const orig = window.fetch;
  window.fetch = async function (url, init) {
    const rec = { path: new URL(String(url), location.href).pathname.split('/').slice(2).join('/'), method: init?.method ?? 'GET', start: performance.now(), end: 0 };
    window.__fetches.push(rec);
    const res = await orig.call(this, url, init);
    rec.end = performance.now();
    const text = res.text.bind(res);
    res.text = async () => { const t = await text(); rec.end = performance.now(); return t; };
    return res;
  };
};

/** Rapport joins the team: returns { ms, peak, idb, phases }. */
async function rapportJoin({ newContext, server, couch, db, staff, customers, docs, log }) {
  const ctx = await newContext();
  await ctx.addInitScript(FETCH_LOG);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) log('console error:', m.text().slice(0, 2000)); });
  await page.goto(server.url + '#/sync');
  const field = page.getByLabel('Server address');
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  await field.fill(couch.url);
  await page.getByLabel('Database', { exact: true }).fill(db);
  await page.getByLabel('User name').fill(staff[0]);
  await page.getByLabel('Password', { exact: true }).fill(staff[1]);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('region', { name: 'Connection test' }).getByText(/^It works/).waitFor({ timeout: 60_000 });
  // Notes (in the page) when the list first counts every customer, when every document has its
  // entry in IndexedDB (`sync_docs`, polled every 250 ms), and when the status says "Synced".
  await page.evaluate(({ want, total }) => {
    window.__join = { t0: 0, count: 0, docs: 0, synced: 0 };
    const seen = () => {
      const now = performance.now();
      const c = document.querySelector('.list-page .count')?.textContent ?? '';
      const m = /^([\d,.]+) customers?$/.exec(c.trim());
      if (m && Number(m[1].replace(/\D/g, '')) === want && !window.__join.count) window.__join.count = now;
      const s = document.querySelector('[role=status][aria-label="Sync status"]')?.textContent ?? '';
      if (/^\s*Synced/.test(s) && window.__join.docs && !window.__join.synced) window.__join.synced = now;
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
    const poll = async () => {
      if (!window.__join.t0) return;
      const db = await new Promise((ok, fail) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      const n = await new Promise((ok, fail) => { const r = db.transaction('sync_docs').objectStore('sync_docs').count(); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      db.close();
      if (n >= total && !window.__join.docs) { window.__join.docs = performance.now(); seen(); }
    };
    const timer = setInterval(() => { if (!window.__join.docs) poll().catch(() => {}); else clearInterval(timer); }, 250);
  }, { want: customers, total: docs });
  const mem = await sampler(ctx, page, true);
  const save = page.getByRole('button', { name: 'Save' });
  await page.evaluate(() => { window.__fetches.length = 0; window.__join.t0 = performance.now(); });
  await save.click();
  // The page shows the status once saved (leaving it before then makes its Save task touch the
  // page's disposed signals: a panic, and the app stops).
  await page.getByRole('status', { name: 'Sync status' }).waitFor({ state: 'visible', timeout: 60_000 });
  // The customer list, as a phone joining would watch it.
  await page.evaluate(() => { location.hash = '#/customers'; });
  await page.waitForFunction(() => window.__join.count > 0 && window.__join.docs > 0, null, { timeout: 3_600_000, polling: 250 });
  await page.evaluate(() => { location.hash = '#/sync'; });
  await page.waitForFunction(() => window.__join.synced > 0, null, { timeout: 600_000, polling: 100 });
  const peak = await mem.stop();
  const j = await page.evaluate(() => window.__join);
  const fetches = await page.evaluate(() => window.__fetches);
  const idb = await idbSize(page);
  await ctx.close();
  const end = Math.max(j.count, j.docs, j.synced);
  const inside = fetches.filter((f) => f.start >= j.t0 && f.start <= end);
  const sum = (re) => inside.filter((f) => re.test(f.path)).reduce((a, f) => a + (Math.min(f.end || end, end) - f.start), 0);
  const count = (re) => inside.filter((f) => re.test(f.path)).length;
  // Time with at least one request open (requests can overlap: pull and push loops).
  let waiting = 0; let upto = j.t0;
  for (const f of [...inside].sort((a, b) => a.start - b.start)) {
    const s = Math.max(f.start, upto); const e = Math.min(f.end || end, end);
    if (e > s) { waiting += e - s; upto = e; }
  }
  const phases = {
    changes: sum(/^_changes/), changesN: count(/^_changes/),
    bulkGet: sum(/^_bulk_get/), bulkGetN: count(/^_bulk_get/),
    local: sum(/^_local/), localN: count(/^_local/),
    network: waiting, phone: end - j.t0 - waiting,
  };
  return { ms: end - j.t0, countMs: j.count - j.t0, docsMs: j.docs - j.t0, peak, idb, phases };
}

/** PouchDB's `replicate.from` of the same database, in a fresh context: { ms, peak, idb, docs }. */
async function pouchJoin({ newContext, server, couch, db, staff, log }) {
  const ctx = await newContext();
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  // Any page of the bench server's origin: IndexedDB needs one.
  await page.goto(server.url + '__data/pouchdb-join-blank');
  await page.addScriptTag({ path: POUCH_JS });
  const mem = await sampler(ctx, page, false);
  const r = await page.evaluate(async ({ url, user, password }) => {
    const local = new PouchDB('join');
    const remote = new PouchDB(url, { skip_setup: true, auth: { username: user, password } });
    const t0 = performance.now();
    const res = await local.replicate.from(remote);
    const ms = performance.now() - t0;
    const info = await local.info();
    return { ms, ok: res.ok, docs: res.docs_written, failures: res.doc_write_failures, count: info.doc_count };
  }, { url: couch.url + db, user: staff[0], password: staff[1] });
  const peak = await mem.stop();
  const idb = await idbSize(page);
  await ctx.close();
  if (!r.ok || r.failures) throw new Error(`PouchDB replicate.from failed: ${JSON.stringify(r)}`);
  return { ...r, peak, idb };
}

/**
 * Runs the join benchmark: `runs` joins each (alternating PouchDB, Rapport) of `file` (in `data`).
 * Returns the table's lines (markdown) and the raw results.
 */
export async function joinBench({ newContext, server, data, size, runs, log }) {
  const file = `rapport-${size}.json`;
  const backup = JSON.parse(readFileSync(join(data, file), 'utf8'));
  const docs = teamDocs(backup);
  const customers = (backup.customers ?? []).filter((c) => c.deleted_at == null).length;
  log(`join: ${docs.length.toLocaleString('en-US')} documents (${file}), ${customers.toLocaleString('en-US')} customers`);
  const couch = await startCouch();
  try {
    const shop = await setUpShop(couch, 'team');
    const t0 = performance.now();
    await upload(couch, shop.db, docs, shop.admin);
    const setupMs = performance.now() - t0;
    log(`join: server filled in ${Math.round(setupMs)} ms (_bulk_docs of ${UPLOAD_BATCH}, new_edits: false)`);
    const opts = { newContext, server, couch, db: shop.db, staff: shop.staff, customers, docs: docs.length, log };
    const r = { rapport: [], pouch: [] };
    for (let i = 0; i < runs; i++) {
      const p = await pouchJoin(opts);
      r.pouch.push(p);
      log(`  run ${i + 1}, PouchDB: ${Math.round(p.ms)} ms, ${p.docs} docs, peak JS heap ${mb(p.peak.js)}, IndexedDB ${mb(p.idb)}`);
      const a = await rapportJoin(opts);
      r.rapport.push(a);
      const ph = a.phases;
      log(`  run ${i + 1}, Rapport: ${Math.round(a.ms)} ms (every customer listed at ${Math.round(a.countMs)} ms, every document stored at ${Math.round(a.docsMs)} ms), peak JS heap ${mb(a.peak.js)} + wasm ${mb(a.peak.wasm)} (together ${mb(a.peak.total)}), IndexedDB ${mb(a.idb)}`);
      log(`    waiting on the server ${Math.round(ph.network)} ms (_changes ${ph.changesN}× ${Math.round(ph.changes)} ms, _bulk_get ${ph.bulkGetN}× ${Math.round(ph.bulkGet)} ms, checkpoints ${ph.localN}× ${Math.round(ph.local)} ms); the phone's own work ${Math.round(ph.phone)} ms`);
    }
    const med = (xs, f) => median(xs.map(f));
    const rm = med(r.rapport, (x) => x.ms); const pm = med(r.pouch, (x) => x.ms);
    const rj = med(r.rapport, (x) => x.peak.js); const rt = med(r.rapport, (x) => x.peak.total); const pj = med(r.pouch, (x) => x.peak.js);
    const list = (xs, f) => xs.map((x) => Math.round(f(x)).toLocaleString('en-US')).join(', ');
    const lines = [
      `| join a team database of ${docs.length.toLocaleString('en-US')} documents (${file}); ${runs} run(s) each | Rapport | PouchDB replicate.from | Rapport / PouchDB | goal |`,
      '|---|---|---|---|---|',
      `| time: Save → every customer listed and "Synced" (PouchDB: replicate.from → done) | ${ms(rm)} (${list(r.rapport, (x) => x.ms)}) | ${ms(pm)} (${list(r.pouch, (x) => x.ms)}) | ${(rm / pm).toFixed(2)}× | ≤ 1.0× |`,
      `| peak memory: JS heap + wasm memory (PouchDB: JS heap) | ${mb(rt)} (JS ${mb(rj)}) | ${mb(pj)} | ${(rt / pj).toFixed(2)}× | ≤ 1.0× |`,
      `| IndexedDB at the end | ${mb(med(r.rapport, (x) => x.idb))} | ${mb(med(r.pouch, (x) => x.idb))} | ${(med(r.rapport, (x) => x.idb) / med(r.pouch, (x) => x.idb)).toFixed(2)}× | (info) |`,
      `| Rapport's time waiting on the server / its own work | ${ms(med(r.rapport, (x) => x.phases.network))} / ${ms(med(r.rapport, (x) => x.phases.phone))} | | | (info) |`,
      `| setup (not measured): filling the server from Node | ${ms(setupMs)} | | | |`,
    ];
    return { lines, results: r, setupMs };
  } finally {
    await couch.close();
  }
}

const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const mb = (x) => `${(x / 1048576).toFixed(1)} MB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
