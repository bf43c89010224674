// A tab killed at a random moment during an import (slow: `bash .ci/faults`). The phone holds the
// 1k-events dataset; a restore of the 10k-events dataset starts and the browser process is killed
// (SIGKILL, no chance to clean up) after a random delay. After a restart the database must equal
// the state before or the state after — never a mix. KILL_RUNS runs (default 20).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { PHONE } from '../lib.mjs';
import { serveWithData, DUMP_DB } from '../benchlib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.BENCH_DATA || join(here, '..', '..', '..', 'target', 'bench');
const RUNS = Number(process.env.KILL_RUNS || 20);
const server = await serveWithData(DATA);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const start = (dir) => chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS, ...PHONE, locale: 'en-ID' }); // English UI (the script finds buttons by their English names), Indonesian region

/** The records of every store, as one fingerprint per store (meta's undo copy and marks aside). */
async function fingerprint(page) {
  const dump = await page.evaluate(DUMP_DB, 'rapport');
  const out = {};
  for (const [store, rows] of Object.entries(dump)) {
    if (store === 'meta') continue;
    const lines = rows.map(([k, v]) => `${k}\t${JSON.stringify({ ...v, summary: undefined })}`).sort();
    out[store] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

async function restore(page, file) {
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles(join(DATA, file));
  await page.getByRole('button', { name: 'Replace my data' }).click({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Yes, replace' }).click();
}

async function opened(ctx) {
  const page = ctx.pages()[0] ?? await ctx.newPage();
  await page.goto(server.url + '#/customers');
  await page.waitForSelector('ul.rows, .list-page .empty', { timeout: 120_000 });
  return page;
}

// The two allowed states, and how long an uninterrupted import takes.
const dir = await mkdtemp(join(tmpdir(), 'rapport-kill-'));
let ctx = await start(dir);
let page = await opened(ctx);
await restore(page, 'rapport-1k.json');
await page.getByText(/replaced by the backup/).waitFor({ timeout: 120_000 });
const before = await fingerprint(page);
const t0 = Date.now();
await restore(page, 'rapport-10k.json');
const clickAt = Date.now();
await page.getByText(/replaced by the backup/).waitFor({ timeout: 300_000 });
const duration = Date.now() - clickAt;
const after = await fingerprint(page);
await ctx.close();
await rm(dir, { recursive: true, force: true });
assert.notDeepEqual(before, after);
console.log(`import of rapport-10k.json over rapport-1k.json takes ${duration} ms (file to done: ${Date.now() - t0} ms)`);

const seen = { before: 0, after: 0 };
for (let run = 1; run <= RUNS; run++) {
  const d = await mkdtemp(join(tmpdir(), 'rapport-kill-'));
  ctx = await start(d);
  page = await opened(ctx);
  await restore(page, 'rapport-1k.json');
  await page.getByText(/replaced by the backup/).waitFor({ timeout: 120_000 });
  await restore(page, 'rapport-10k.json');
  // Anywhere from the tap to a little after the end of the write.
  const delay = Math.floor(Math.random() * duration * 1.1);
  await new Promise((ok) => setTimeout(ok, delay));
  await killByDir(d);
  await ctx.close().catch(() => {});
  ctx = await start(d);
  page = await opened(ctx);
  const now = await fingerprint(page);
  const state = JSON.stringify(now) === JSON.stringify(before) ? 'before' : JSON.stringify(now) === JSON.stringify(after) ? 'after' : null;
  console.log(`run ${run}: killed after ${delay} ms → ${state ?? 'MIXED ' + JSON.stringify(now)}`);
  assert.ok(state, `run ${run}: the database is neither the state before nor after the import`);
  seen[state]++;
  await ctx.close();
  await rm(d, { recursive: true, force: true });
}
await server.close();
console.log(`${RUNS} kills: ${seen.before} left the data as before, ${seen.after} as after; never a mix.`);

/** Kills (SIGKILL) the Chromium this script started for profile `d`: the processes whose command line names that fresh temporary directory. */
async function killByDir(d) {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('pgrep', ['-f', '--', `user-data-dir=${d}`], { encoding: 'utf8' }).trim();
  for (const p of out.split('\n').filter(Boolean)) { try { process.kill(Number(p), 'SIGKILL'); } catch { /* gone */ } }
}
