// axe-core as a judge: every page of Rapport, with data on it, in light and in dark colours, has no
// accessibility violation (WCAG 2.x A/AA and axe's best practices). Also: every control a finger
// uses is at least 44x44 px, and the Settings override (Light/Dark) beats the phone's setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { seed, pages, open, axe } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Controls smaller than 44x44 px (inline links inside running text are exempt, as in WCAG). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
      if (el.closest('p, .field-hint') && el.tagName === 'A' && !el.classList.contains('btn')) continue;
      // Radios and checkboxes inside a label: the label is what the finger hits.
      const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
      const r = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (r.width === 0 || style.visibility === 'hidden' || target.closest('[hidden], .skip-link, .sr-only')) continue;
      if (r.height < 43.5 || r.width < 43.5) {
        const name = (el.getAttribute('aria-label') || el.textContent || el.id || el.name || '').trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return out;
  });
}

test('axe finds nothing on any page, light and dark', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { bypassCSP: true });
  const data = await seed(page, server.url);
  // The browser offers the install (as Chrome does), so More shows the install card too.
  await page.evaluate(() => {
    const e = new Event('beforeinstallprompt', { cancelable: true });
    e.prompt = () => Promise.resolve();
    e.userChoice = new Promise(() => {});
    dispatchEvent(e);
  });
  const problems = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [hash, title] of pages(data)) {
      await open(page, server.url, hash, title);
      await page.waitForTimeout(150); // let late content (resources) render
      if (hash === '#/more') await page.getByRole('button', { name: 'Install app' }).waitFor();
      for (const v of await axe(page)) problems.push(`[${scheme}] ${hash}: ${v}`);
      if (scheme === 'light') for (const s of await smallTargets(page)) problems.push(`[tap target] ${hash}: ${s}`);
    }
    // A form showing its errors.
    await open(page, server.url, '#/customers/new', 'New customer');
    await page.getByRole('button', { name: 'Save customer' }).click();
    await page.getByText('Add a name or a phone number.').waitFor();
    for (const v of await axe(page)) problems.push(`[${scheme}] form errors: ${v}`);
    await screenshot(page, `a11y-form-errors-${scheme}`);
  }
  assert.deepEqual(problems, [], `accessibility problems:\n${problems.join('\n')}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the colour setting overrides the phone', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page, server.url, '#/settings', 'Settings');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const dark = await bg();
  assert.notEqual(dark, light);
  await screenshot(page, 'a11y-settings-dark-override');
  // Kept after a reload, and applied before the app starts (no flash of light colours).
  await page.reload();
  await page.getByRole('radio', { name: 'Dark' }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Dark' }).isChecked(), true);
  assert.equal(await bg(), dark);
  // Light wins over a dark phone; "Like the phone" follows it again.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  assert.equal(await bg(), light);
  await page.getByRole('radio', { name: 'Like the phone' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  // The previous save's toast says the same words: wait for this save to reach the page.
  await page.waitForFunction(() => !('theme' in document.documentElement.dataset), null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
  assert.equal(await bg(), dark);
  assert.deepEqual(errors, []);
  await context.close();
});
