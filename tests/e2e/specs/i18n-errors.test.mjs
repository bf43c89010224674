// The problems an owner can meet, in Spanish and Indonesian: the customer form, the event forms
// (a purchase paid more than its total, a payment that is not an amount, a follow-up without its
// title or day), a template and a segment with invalid input, a save refused because another tab
// saved first, a full phone, and a storage failure the browser reports. Each shows its words in the
// language (the exact translation from the locale files, with limits grouped the local way) and
// no English phrase, and never the browser's technical name (e.g. "UnknownError"). Screenshots go
// to artifacts/ (i18n-errors-<lang>-<n>.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { load, englishLeftovers, has } from '../i18n-lib.mjs';

/** Words any English sentence would carry, and the browser's technical names. */
const ENGLISH = /\b(the|your|you|with|this|doesn't|can't|must|should|please|customers?|purchases?|payments?|amount|save|saved|delete|cancel|failed)\b/i;
const TECHNICAL = /\b(\w+Error|DOMException|JSON|IndexedDB|undefined|null)\b/;

/** The value of `key` in `lang` with `{name}` replaced by `values[name]`. */
function words(strings, key, values = {}) {
  const v = strings.get(key);
  assert.ok(v, `no key ${key}`);
  return v.replace(/\{([a-z_]+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

/** The visible text of the page (the typed values are in inputs, so not part of it). */
const pageText = (page) => page.evaluate(() => document.body.innerText);

/** Adds a customer by the form (language-neutral selectors); returns its id. */
async function addCustomer(page, name, tel) {
  await page.goto(server.url + '#/customers/new');
  await page.locator('#f-name').fill(name);
  if (tel) await page.locator('#f-phone').fill(tel);
  await page.locator('form button[type=submit]').click();
  await visible(page.getByRole('heading', { name, level: 2 }));
  return decodeURIComponent(page.url().split('#/customers/')[1]);
}

/** A second tab of the same phone, failing on console errors. */
async function tab(context, errors) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return page;
}

/** While `window.__fail` names a DOMException ('QuotaExceededError', 'UnknownError'…), every
 *  IndexedDB write throws it. */
const FAIL = () => {
  window.__fail = '';
  for (const m of ['put', 'add']) {
    const orig = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function (...args) {
      if (window.__fail) throw new DOMException('The operation failed for reasons unrelated to the database itself.', window.__fail);
      return orig.apply(this, args);
    };
  }
};

const LANGS = { es: { locale: 'es-PE', group: '.' }, id: { locale: 'id-ID', group: '.' } };

for (const [lang, { locale, group }] of Object.entries(LANGS)) {
  test(`every problem is worded in ${lang}, with no English`, { timeout: 240_000 }, async () => {
    const strings = load(lang);
    const { phrases } = englishLeftovers(lang);
    const { context, page, errors } = await phone(browser, { locale });
    await context.addInitScript(FAIL);
    const problems = [];
    let shot = 0;
    /** Checks the page's text: each expected message shows, and nothing English or technical. */
    const check = async (where, expected) => {
      for (const e of expected) {
        try {
          await visible(page.getByText(e, { exact: true }).first(), 10_000);
        } catch {
          problems.push(`${where}: missing “${e}”`);
        }
      }
      const text = await pageText(page);
      for (const p of phrases) if (has(text, p)) problems.push(`${where}: English “${p}”`);
      const w = text.match(new RegExp(ENGLISH.source, 'gi'));
      if (w) problems.push(`${where}: English word(s) ${[...new Set(w)].join(', ')}`);
      const t = text.match(TECHNICAL);
      if (t) problems.push(`${where}: technical “${t[0]}”`);
      await screenshot(page, `i18n-errors-${lang}-${String(shot++).padStart(2, '0')}`);
    };
    const n = (x) => x.toLocaleString('en-US').replace(/,/g, group);

    await page.goto(server.url + '#/');
    await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 15_000 });
    const id = await addCustomer(page, 'Siti Rahma', '0812 3456 7890');

    // The customer form: a name too long, a phone without digits, an email, too many tags, a
    // birthday that does not exist, notes too long.
    await page.goto(server.url + '#/customers/new');
    await page.locator('#f-name').fill('x'.repeat(201));
    await page.locator('#f-phone').fill('call me');
    await page.locator('#f-email').fill('siti@');
    await page.locator('#f-tags').fill(Array.from({ length: 31 }, (_, i) => `t${i}`).join(','));
    await page.locator('#f-birthday').selectOption('31');
    await page.locator('.birthday select').nth(1).selectOption('2');
    await page.locator('#f-notes').fill('n'.repeat(20_001));
    await page.locator('form button[type=submit]').click();
    await check('customer form', [
      words(strings, 'errors.v_name_long', { n: 200 }),
      words(strings, 'errors.v_phone_digits'),
      words(strings, 'errors.v_email'),
      words(strings, 'errors.v_tags_many', { n: 30 }),
      words(strings, 'errors.v_bday_exists'),
      words(strings, 'errors.v_notes_long', { n: n(20_000) }),
    ]);
    // A birthday year out of range says the range.
    await page.locator('#f-name').fill('Siti');
    await page.locator('#f-phone').fill('');
    await page.locator('#f-email').fill('');
    await page.locator('#f-tags').fill('');
    await page.locator('#f-notes').fill('');
    await page.locator('.birthday select').nth(1).selectOption('3');
    await page.locator('.birthday input').fill('1850');
    await page.locator('form button[type=submit]').click();
    await check('birthday', [words(strings, 'errors.v_bday_range', { min: 1900, max: 2100 })]);

    // A purchase paid more than its total.
    await page.goto(`${server.url}#/customers/${id}/new/purchases`);
    await page.locator('#p-total').fill('100');
    await page.locator('input[name=paid]').nth(2).check();
    await page.locator('#p-paid').fill('200');
    await page.locator('form button[type=submit]').click();
    await check('purchase', [words(strings, 'errors.v_paid_more')]);
    // Items without what was bought, a quantity of 0 and a price that is not an amount.
    await page.locator('input[name=mode]').nth(1).check();
    await page.locator('.line input').nth(1).fill('0');
    await page.locator('form button[type=submit]').click();
    await check('purchase lines', [words(strings, 'errors.v_item')]);
    await page.locator('.line input').nth(0).fill('Kue');
    await page.locator('.line input').nth(1).fill('1');
    await page.locator('.line input').nth(2).fill('12x');
    await page.locator('form button[type=submit]').click();
    await check('purchase price', [words(strings, 'errors.v_money_nan')]);

    // A payment of nothing.
    await page.goto(`${server.url}#/customers/${id}/new/payments`);
    await page.locator('#pay-amount').fill('');
    await page.locator('form button[type=submit]').click();
    await check('payment', [words(strings, 'errors.v_money_empty')]);

    // A follow-up without its title or its day.
    await page.goto(`${server.url}#/customers/${id}/new/tasks`);
    await page.locator('#t-title').fill('');
    await page.locator('input[type=date]').fill('');
    await page.locator('form button[type=submit]').click();
    await check('follow-up', [words(strings, 'errors.v_task_title'), words(strings, 'errors.v_follow_day')]);

    // A template without a name, with an unknown placeholder and one not closed.
    await page.goto(server.url + '#/templates/new');
    await page.locator('#tpl-name').fill('');
    await page.locator('#tpl-body').fill('Hola {nmae}, gracias {first_name');
    await page.locator('form button[type=submit]').click();
    await visible(page.locator('#tpl-errors'));
    await check('template', [words(strings, 'templates.e_no_name')]);
    const tplErrors = await page.locator('#tpl-errors').innerText();
    assert.ok(tplErrors.includes('{nmae}') && tplErrors.includes('{name}'), `the unknown placeholder and its suggestion: ${tplErrors}`);

    // A segment: days that are not a number, an amount that is not one, then no name.
    await page.goto(server.url + '#/segments/new');
    await page.locator('#seg-older').fill('treinta');
    await page.locator('#seg-spent').fill('1,2,3.4.5');
    await check('segment conditions', [words(strings, 'segments.e_whole')]);
    await page.locator('#seg-older').fill('30');
    await page.locator('#seg-spent').fill('');
    await page.locator('#seg-name').fill('');
    await page.locator('.form-actions .btn-primary').click();
    await check('segment name', [words(strings, 'segments.e_name')]);
    await page.locator('#seg-name').fill('y'.repeat(101));
    await page.locator('.form-actions .btn-primary').click();
    await check('segment name too long', [words(strings, 'segments.e_name_long', { n: 100 })]);

    // Saving over an edit made in another tab: refused, in words.
    const b = await tab(context, errors);
    await page.goto(`${server.url}#/customers/${id}/edit`);
    await b.goto(`${server.url}#/customers/${id}/edit`);
    await visible(b.locator('#f-name'));
    await visible(page.locator('#f-name'));
    await page.locator('#f-name').fill('Siti A');
    await page.locator('form button[type=submit]').click();
    await visible(page.getByRole('heading', { name: 'Siti A', level: 2 }));
    await b.locator('#f-notes').fill('Dari tab B');
    await b.locator('form button[type=submit]').click();
    const conflict = words(strings, 'errors.store_conflict');
    await visible(b.getByText(conflict));
    const bText = await b.evaluate(() => document.body.innerText);
    for (const p of phrases) if (has(bText, p)) problems.push(`conflict: English “${p}”`);
    await screenshot(b, `i18n-errors-${lang}-conflict`);
    await b.close();

    // A full phone.
    await page.evaluate(() => { window.__fail = 'QuotaExceededError'; });
    await page.goto(server.url + '#/customers/new');
    await page.locator('#f-name').fill('Budi Santoso');
    await page.locator('form button[type=submit]').click();
    await check('storage full', [words(strings, 'errors.store_full')]);
    // A failure the browser reports without a better name: the message in words, never the
    // browser's own ("UnknownError: The operation failed…").
    await page.evaluate(() => { window.__fail = 'UnknownError'; });
    await page.locator('form button[type=submit]').click();
    await check('storage failure', [words(strings, 'errors.store_other')]);
    await page.evaluate(() => { window.__fail = 'DataError'; });
    await page.goto(`${server.url}#/customers/${id}/new/payments`);
    await page.locator('#pay-amount').fill('5');
    await page.locator('form button[type=submit]').click();
    await check('storage data error', [words(strings, 'errors.store_data')]);
    await page.evaluate(() => { window.__fail = ''; });

    assert.deepEqual(problems, [], `problems in ${lang}:\n${problems.join('\n')}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
