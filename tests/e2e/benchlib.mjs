// Shared by the benchmark (bench.mjs) and the slow fault tests (faults/*.mjs): a static server
// over dist/ (gzip, as a host serves it) that also serves the generated datasets, and in-page helpers.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { DIST } from './lib.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

// Served gzip-compressed when the browser accepts it, as a real host serves them (the cheap-phone
// profile's byte counts depend on it). Compressed once per file version (gzip -9, as .ci/size counts).
const COMPRESS = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.webmanifest']);
const gzipped = new Map();
async function gzipOf(file, body) {
  const { mtimeMs, size } = await stat(file);
  const key = `${file}\0${mtimeMs}\0${size}`;
  if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
  return gzipped.get(key);
}

/**
 * Serves `dist` (default dist/) and, under /__data/, the files of `dataDir` (plain: they are the
 * benchmark's, not the app's). Returns { url, close, useDist }.
 */
export async function serveWithData(dataDir, port = 0, distDir = DIST) {
  // The build served; `useDist` switches it (same origin, so the same IndexedDB data).
  let dist = distDir;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const data = path.startsWith('/__data/');
    const [root, rel] = data ? [dataDir, path.slice(8)] : [dist, path.endsWith('/') ? path + 'index.html' : path];
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (!data && COMPRESS.has(extname(file))) {
      headers.vary = 'accept-encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = await gzipOf(file, body);
        headers['content-encoding'] = 'gzip';
      }
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }),
    useDist: (dir) => { dist = dir; },
  };
}

/**
 * Runs before the app in every benchmark page: records when the customer list (or its empty
 * state) first appears and when the main thread is next free ("interactive"), keeps the wasm
 * exports (for its memory size) and collects long tasks.
 */
export const INIT_SCRIPT = () => {
  window.__t = {};
  window.__longtasks = [];
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; window.__t.started = performance.now(); });
  const seen = () => document.querySelector('ul.rows li, .list-page .empty h2');
  const mo = new MutationObserver(() => {
    if (window.__t.list || !seen()) return;
    window.__t.list = performance.now();
    mo.disconnect();
    // Interactive: the first moment the main thread is free again after the list appeared.
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { window.__t.interactive = performance.now(); };
    ch.port2.postMessage(0);
  });
  document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no long-task support */ }
};

/** Every record of every object store of database `name`, keyed by store: { store: [record…] }. */
export const DUMP_DB = async (name) => {
  const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  const out = {};
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names);
  await Promise.all(names.map((s) => new Promise((ok, fail) => {
    const keys = tx.objectStore(s).getAllKeys();
    const vals = tx.objectStore(s).getAll();
    vals.onsuccess = () => { out[s] = vals.result.map((v, i) => [String(keys.result[i]), v]); ok(); };
    vals.onerror = () => fail(vals.error);
  })));
  db.close();
  return out;
};

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
export const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN; };
