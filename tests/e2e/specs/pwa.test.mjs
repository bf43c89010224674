// Security and installability of the release build: the app runs under its Content-Security-Policy
// (no 'unsafe-inline': the one inline script and style are allowed by hash) with zero violations on every page, the policy is really
// enforced, and Chromium finds the app installable (manifest, icons, service worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, DIST } from '../lib.mjs';
import { seed, pages, open, addCustomer } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const violations = (page) => page.evaluate(() => window.__csp);

test('index.html has a strict policy: only its own inline loader and style, allowed by hash', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/<meta[^>]*Content-Security-Policy[^>]*>/)?.[0].match(/content="([^"]+)"/)?.[1];
  assert.ok(csp, 'CSP meta tag');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  // The one wildcard: any port of this phone's own loopback addresses, for a Team sync server there.
  assert.match(csp, /connect-src 'self' https: http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*;/);
  assert.doesNotMatch(csp.replace(/ http:\/\/(localhost|127\.0\.0\.1):\*/g, ''), /unsafe-inline|'unsafe-eval'|unsafe-hashes|\*/);
  assert.ok(html.indexOf('Content-Security-Policy') < html.search(/<script|<style/), 'the policy comes before any script or style');
  const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const directive = (name) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1, 'one script: the loader (post_build.mjs)');
  for (const [, attrs, body] of scripts) {
    assert.doesNotMatch(attrs, /\ssrc=/);
    assert.ok(directive('script-src').includes(sha(body)), 'the loader is allowed by its hash');
  }
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  assert.equal(styles.length, 1, 'one <style>: the style sheets merged');
  assert.ok(directive('style-src').includes(sha(styles[0][1])), 'the style is allowed by its hash');
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

test('"Install app" appears when the browser offers it, and opens its dialog', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await open(page, server.url, '#/more', 'More');
  assert.equal(await page.getByRole('button', { name: 'Install app' }).count(), 0);
  // What Chrome does when the app meets its install criteria (the boot script keeps the event).
  await page.evaluate(() => {
    const e = new Event('beforeinstallprompt', { cancelable: true });
    e.prompt = () => { window.__prompted = true; return Promise.resolve(); };
    e.userChoice = Promise.resolve({ outcome: 'accepted', platform: 'web' });
    dispatchEvent(e);
  });
  const install = page.getByRole('button', { name: 'Install app' });
  await install.waitFor();
  await screenshot(page, 'pwa-install-card');
  await install.click();
  await page.getByText('Rapport is on your home screen.').waitFor();
  assert.equal(await page.evaluate(() => window.__prompted), true);
  assert.equal(await install.count(), 0, 'the offer is used once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('iPhone Safari gets the Add to Home Screen steps', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await phone(browser, {
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  });
  await open(page, server.url, '#/more', 'More');
  await page.getByRole('heading', { name: 'Put Rapport on your home screen' }).waitFor();
  await page.getByText('Add to Home Screen').waitFor();
  await screenshot(page, 'pwa-ios-steps');
  assert.deepEqual(errors, []);
  await context.close();
});
