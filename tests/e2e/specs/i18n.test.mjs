// The app in Indonesian and in Spanish: every page (with data on it) shows no English UI text left
// over, <html lang> follows the language, axe finds nothing in Indonesian, and screenshots of every
// page at 390 and 360 px wide go to artifacts/ (i18n-<lang>-<width>-<n>.png) to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { seed, pages, axe } from '../app.mjs';
import { englishLeftovers, has, setLanguage } from '../i18n-lib.mjs';

/** What the owner typed in seed(): data, not UI text. */
const DATA = ['Siti Rahma', 'José Núñez', 'Jose Nunez', 'Budi Santoso', 'Asked for a chocolate cake',
  'Confirm the flavour', 'The cake arrived late'];


let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens a page and waits for its title and content (not the English title: any title). */
async function visit(page, base, hash) {
  await page.goto(base + hash);
  await page.locator('.topbar-title').filter({ hasText: /\S/ }).waitFor({ timeout: 15_000 });
  await page.locator('.loading').waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(200);
}

/** The page's visible text and accessible names (aria-label, placeholder, title), without data. */
async function pageText(page) {
  let text = await page.evaluate(() => {
    const names = [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
      .map((e) => [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')].filter(Boolean).join(' | '));
    return `${document.title}\n${document.body.innerText}\n${names.join('\n')}`;
  });
  for (const d of DATA) text = text.split(d).join(' ');
  return text;
}

for (const lang of ['id', 'es']) {
  test(`no English left on any page in ${lang}`, { timeout: 300_000 }, async (t) => {
    const { context, page, errors } = await phone(browser, { bypassCSP: true });
    const data = await seed(page, server.url);
    await setLanguage(page, server.url, lang);
    const { phrases, words } = englishLeftovers(lang);
    const problems = [];
    const list = pages(data).map(([hash]) => hash);
    for (const [i, hash] of list.entries()) {
      await visit(page, server.url, hash);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${hash}: <html lang>`);
      // Toasts left from seeding (in English) are not this page's text.
      await page.evaluate(() => document.querySelector('.toast')?.remove());
      const text = await pageText(page);
      const found = phrases.filter((p) => has(text, p)).map((p) => `${hash}: "${p}"`);
      const w = text.match(new RegExp(words.source, 'gi'));
      if (w) found.push(`${hash}: English word(s) ${[...new Set(w)].join(', ')}`);
      problems.push(...found);
      if (lang === 'id') for (const v of await axe(page)) problems.push(`[axe] ${hash}: ${v}`);
      const n = String(i).padStart(2, '0');
      await screenshot(page, `i18n-${lang}-390-${n}`);
      await page.setViewportSize({ width: 360, height: 740 });
      await screenshot(page, `i18n-${lang}-360-${n}`);
      await page.setViewportSize({ width: 390, height: 844 });
    }
    // A form showing its errors.
    await visit(page, server.url, '#/customers/new');
    await page.locator('form button[type=submit]').click();
    await page.locator('.field-error:not(:empty), [role=alert]:not(:empty)').first().waitFor();
    const text = await pageText(page);
    for (const p of phrases) if (has(text, p)) problems.push(`form errors: "${p}"`);
    await screenshot(page, `i18n-${lang}-form-errors`);
    // The event forms' errors: a price that is not an amount, an empty payment.
    const purchase = list.find((h) => h.endsWith('/new/purchases'));
    await visit(page, server.url, purchase);
    await page.locator('input[name=mode]').nth(1).check();
    await page.locator('.line input').nth(0).fill('Kue');
    await page.locator('.line input').nth(2).fill('12x');
    await page.locator('form button[type=submit]').click();
    await page.locator('.field-error:not(:empty)').first().waitFor();
    for (const p of phrases) if (has(await pageText(page), p)) problems.push(`purchase errors: "${p}"`);
    await screenshot(page, `i18n-${lang}-purchase-errors`);
    await visit(page, server.url, purchase.replace('/purchases', '/payments'));
    await page.locator('#pay-amount').fill('');
    await page.locator('form button[type=submit]').click();
    await page.locator('.field-error:not(:empty)').first().waitFor();
    await screenshot(page, `i18n-${lang}-payment-errors`);
    for (const p of phrases) if (has(await pageText(page), p)) problems.push(`payment errors: "${p}"`);
    assert.deepEqual(problems, [], `English left in ${lang}:\n${problems.join('\n')}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('Automatic follows the phone; a chosen language stays after a reload', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'es-PE' });
  await visit(page, server.url, '#/');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  await page.getByRole('link', { name: 'Más' }).waitFor();
  await setLanguage(page, server.url, 'id');
  await page.reload();
  await page.getByRole('link', { name: 'Lainnya' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
  // Back to Automatic: Spanish again, from the phone.
  await page.goto(server.url + '#/settings');
  await page.locator('#s-language').selectOption('auto');
  await page.getByRole('link', { name: 'Más' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.deepEqual(errors, []);
  await context.close();
});
