// Offline: once the service worker controls the page, Rapport works with no network at all (the
// server stops answering and the browser is offline): reload, every page, a deep link in a new tab,
// add a customer; back online nothing is lost. And a new deploy shows "Update available — Reload",
// which switches to the new version and drops the old cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, DIST, expectCount } from '../lib.mjs';
import { seed, pages, open, addCustomer, axe } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 20_000 });

test('every page works in airplane mode', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await controlled(page);
  const data = await seed(page, server.url);

  // Airplane mode: the browser is offline and the server is gone.
  await context.setOffline(true);
  server.setDown(true);
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  for (const [hash, title] of pages(data)) {
    await open(page, server.url, hash, title);
    await page.reload();
    await visible(page.locator('.topbar-title', { hasText: title }));
  }
  await screenshot(page, 'offline-duplicates');
  // A deep link opened in a new tab, offline.
  const tab = await context.newPage();
  tab.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await tab.goto(server.url + '#/reports');
  await visible(tab.locator('.topbar-title', { hasText: 'Reports' }));
  await tab.close();
  // Add a customer offline.
  await addCustomer(page, server.url, 'Ana Offline', '+34 612 345 678');
  await screenshot(page, 'offline-added-customer');

  // Back online: everything is still there.
  server.setDown(false);
  await context.setOffline(false);
  await page.reload();
  await open(page, server.url, '#/customers', 'Customers');
  await visible(page.getByRole('list', { name: 'Customers' }).getByText('Ana Offline'));
  await visible(page.getByRole('list', { name: 'Customers' }).getByText('Siti Rahma'));
  // The browser logs failed fetches while the server is down; nothing else may go wrong.
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|Failed to load resource|Failed to fetch|An unknown error occurred when fetching the script/.test(e)), []);
  await context.close();
});

test('a new deploy offers "Update available — Reload"', { timeout: 120_000 }, async () => {
  server.setDown(false);
  // bypassCSP only so that axe can be injected to check the notice.
  const { context, page, errors } = await phone(browser, { bypassCSP: true });
  await page.goto(server.url);
  await controlled(page);
  const first = await page.evaluate(() => caches.keys());
  assert.equal(first.length, 1);
  assert.match(first[0], /^rapport-[0-9a-f]{16}$/);
  // No notice while nothing new is deployed.
  await page.reload();
  await visible(page.getByRole('link', { name: 'Customers', exact: true }));
  await page.waitForTimeout(1000);
  assert.equal(await page.getByText('Update available').count(), 0);

  // Deploy: a different sw.js (new cache name) is on the server.
  const sw = await readFile(join(DIST, 'sw.js'), 'utf8');
  server.overrides.set('/sw.js', sw.replace(/rapport-[0-9a-f]{16}/, 'rapport-0000000000000002'));
  await page.reload();
  await visible(page.getByText('Update available'));
  await screenshot(page, 'offline-update-available');
  assert.deepEqual(await axe(page), []);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'offline-update-available-dark');
  await page.getByRole('button', { name: 'Reload', exact: true }).click();
  await page.waitForFunction(() => caches.keys().then((k) => k.length === 1 && k[0] === 'rapport-0000000000000002'), null, { timeout: 20_000 });
  // The old page may still be on screen for a moment while the new worker takes over: wait.
  await expectCount(page.getByText('Update available'), 0);
  await visible(page.getByRole('link', { name: 'Customers', exact: true }));
  server.overrides.clear();
  assert.deepEqual(errors, []);
  await context.close();
});
