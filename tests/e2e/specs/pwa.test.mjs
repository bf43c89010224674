// Security and installability of the release build: the app runs under its Content-Security-Policy
// (no inline script, no 'unsafe-inline') with zero violations on every page, the policy is really
// enforced, and Chromium finds the app installable (manifest, icons, service worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, DIST } from '../lib.mjs';
import { seed, pages, open, addCustomer } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const violations = (page) => page.evaluate(() => window.__csp);

test('index.html has a strict policy and no inline script', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/<meta[^>]*Content-Security-Policy[^>]*>/)?.[0].match(/content="([^"]+)"/)?.[1];
  assert.ok(csp, 'CSP meta tag');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|\*/);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy comes before any script');
  for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(attrs, /\ssrc="?\.\/boot-[0-9a-f]{16}\.js/);
    assert.equal(body.trim(), '', 'no inline script');
  }
});

test('the app runs under its CSP: every page, no violation', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser, { acceptDownloads: true });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  await page.goto(server.url);
  const data = await seed(page, server.url);
  for (const [hash, title] of pages(data)) {
    await open(page, server.url, hash, title);
    assert.deepEqual(await violations(page), [], `CSP violations on ${hash}`);
  }
  await addCustomer(page, server.url, 'Carmen Ruiz', '+34 611 222 333');
  // A backup download (a blob: address) is allowed too.
  await open(page, server.url, '#/backup', 'Backup & restore');
  await page.getByRole('button', { name: 'Prepare backup' }).click();
  await page.getByText(/^Ready: rapport-backup-/).waitFor();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(errors, []);

  // The policy is enforced: an injected inline script is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.head.append(s);
  });
  await page.waitForFunction(() => window.__csp.length > 0);
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  assert.match((await violations(page))[0], /^script-src/);
  await context.close();
});

test('Chromium finds Rapport installable', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 20_000 });
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  const parsed = JSON.parse(manifest.data);
  assert.equal(parsed.display, 'standalone');
  for (const size of ['192x192', '512x512']) assert.ok(parsed.icons.some((i) => i.sizes === size && i.type === 'image/png'), size);
  assert.ok(parsed.icons.some((i) => i.purpose === 'maskable'));
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
  // Every icon in the manifest is served.
  for (const icon of parsed.icons) {
    const res = await page.request.get(new URL(icon.src, server.url).href);
    assert.equal(res.status(), 200, icon.src);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
