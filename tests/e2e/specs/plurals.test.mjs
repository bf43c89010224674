// Counts read right in English, Spanish and Indonesian: with exactly one, then two, then more than
// a thousand of each counted thing (follow-ups, customers who owe, complaints, the Trash, deals,
// first-time buyers) on Today, Who owes me, More, Trash and Reports, no page says "1 customers"
// ("1 clientes", "te deben 1"…), the singular and plural sentences show where expected, and a count
// of 1,000 or more is grouped the local way ("1,000" / "1.000"). With the largest realistic rupiah
// amounts (Rp 157.250.000.000), every amount and count stays on one line and inside its card at
// 360 px, light and dark; screenshots go to artifacts/plurals-*.png to look at.
// Data is seeded by restoring a generated backup through the Backup page (fast, exact dates).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const DAY = 86_400_000;
const HOUR = 3_600_000;
const LANGS = ['en', 'es', 'id'];
const PAGES = ['#/', '#/owes', '#/more', '#/trash', '#/reports'];

/** A singular noun or verb form after a count other than one, or a plural after one. */
const WRONG = [
  /(?<![\d.,])1\s+(customers|follow-ups|complaints|deals|days|records|changes|first-time buyers|more follow-ups)\b/i,
  /(?<![\d.,])1\s+(clientes|seguimientos|quejas|oportunidades|días|registros|cambios|compran|seguimientos más)\b/i,
  /\bte deben 1\s/i,
  /\bowed by 1 customers\b/i,
  /(?<![\d.,])([02-9]|\d{2,})\s+(customer|follow-up|complaint|deal|day|record|change|first-time buyer)\b(?![-\w])/i,
  /(?<![\d.,])([02-9]|\d{2,})\s+(cliente|seguimiento|queja|oportunidad|día|registro|cambio|compra por)\b(?![-\w])/i,
  /\bte debe ([02-9]|\d{2,})\s/i,
];

/** A v2 backup with these records (Indonesian business: rupiah). */
function backup(now, { customers, purchases = [], tasks = [], cases = [], deals = [] }) {
  return {
    format: 'rapport-backup', version: 2, exported_at: now, app_version: '0.1.0', device_id: 'd-e2e',
    counts: {
      customers: customers.length, interactions: 0, purchases: purchases.length, payments: 0,
      tasks: tasks.length, cases: cases.length, deals: deals.length, templates: 0, campaigns: 0, segments: 0,
    },
    settings: { business_name: 'Dewi Cakes', country: 'ID', currency: 'IDR', backup_reminder_days: 0, updated_at: now },
    customers, interactions: [], purchases, payments: [], tasks, cases, deals, templates: [], campaigns: [], segments: [],
  };
}

/** `n` of each counted thing: customers who bought (unpaid) in the last days, `n` overdue and
 *  `n` later follow-ups, `n` open complaints, `n` deals and `n` customers in the Trash. */
function fixture(now, n, { amount = 150_000, extra = [] } = {}) {
  const stamp = (days) => ({ created_at: now - days * DAY, updated_at: now - days * DAY });
  const customers = [];
  const purchases = [];
  const tasks = [];
  const cases = [];
  const deals = [];
  // Ids with digits, names without (no number in a name can look like a count on screen).
  const pad = (i) => String(i).padStart(4, '0');
  const word = (i) => [...pad(i)].map((d) => 'abcdefghij'[Number(d)]).join('');
  const ago = Math.min(n, 2) * DAY;
  for (let i = 0; i < n; i += 1) {
    const id = `c-${pad(i)}`;
    customers.push({ id, name: `Ana ${word(i)}`, status: 'customer', ...stamp(n > 2 ? 400 : 3) });
    purchases.push({ id: `p-${pad(i)}`, customer_id: id, at: now - ago, total: amount, paid: 0, ...stamp(2) });
    tasks.push({ id: `t-${pad(i)}`, customer_id: id, title: `Call back ${word(i)}`, at: now - HOUR, ...stamp(1) });
    if (n <= 2) {
      tasks.push({ id: `u-${pad(i)}`, customer_id: id, title: `Visit ${word(i)}`, at: now + 3 * DAY, ...stamp(1) });
      cases.push({ id: `k-${pad(i)}`, customer_id: id, channel: 'whatsapp', at: now - ago - 2 * HOUR - 5 * 60_000, summary: `Late cake ${word(i)}`, ...stamp(2) });
      deals.push({ id: `d-${pad(i)}`, customer_id: id, title: `Wedding cake ${word(i)}`, value: 350_000, stage: 'new', at: now - HOUR, ...stamp(0) });
    }
    customers.push({ id: `x-${pad(i)}`, name: `Gone ${word(i)}`, status: 'customer', deleted_at: now - HOUR, ...stamp(400) });
  }
  for (const e of extra) {
    customers.push({ id: e.id, name: e.name, status: 'customer', ...stamp(400) });
    purchases.push({ id: `p-${e.id}`, customer_id: e.id, at: now - 2 * DAY, total: e.amount, paid: 0, ...stamp(2) });
  }
  return backup(now, { customers, purchases, tasks, cases, deals });
}

async function restore(page, data) {
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)),
  });
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/), 90_000);
}

async function setLanguage(page, code) {
  await page.goto(server.url + '#/settings');
  const select = page.locator('#s-language');
  await select.waitFor();
  await select.selectOption(code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code, { timeout: 10_000 });
}

/** Opens a page; on Reports, the last 30 days with every "as a table" opened. */
async function visit(page, hash) {
  await page.goto(server.url + hash);
  await page.locator('.topbar-title').filter({ hasText: /\S/ }).waitFor({ timeout: 15_000 });
  if (hash === '#/reports') {
    await page.locator('#period').selectOption('30');
    await visible(page.locator('.kpis'), 30_000);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  }
}

/** What the page says: its text, accessible names and chart labels (no-break spaces as spaces). */
async function pageText(page) {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    const svg = [...document.querySelectorAll('svg text')].map((t) => t.textContent);
    return [document.body.innerText, ...labels, ...svg].join('\n').replace(/\u00a0/g, ' ');
  });
}

/** Waits until every phrase shows on the page (the cards load asynchronously), then returns its text. */
async function textWith(page, hash, phrases) {
  const end = Date.now() + 20_000;
  for (;;) {
    const text = await pageText(page);
    const missing = phrases.filter((p) => !text.includes(p));
    if (missing.length === 0) return text;
    if (Date.now() > end) assert.fail(`${hash} (${await page.evaluate(() => document.documentElement.lang)}): missing ${JSON.stringify(missing)} in:\n${text}`);
    await page.waitForTimeout(200);
  }
}

function assertNoWrongPlural(text, where) {
  for (const re of WRONG) {
    const m = text.match(re);
    assert.equal(m, null, `${where}: "${m?.[0]}" (${re})`);
  }
}

/** Per language and page: sentences that must show. */
const EXPECT = {
  1: {
    en: {
      '#/': ['1 follow-up overdue.', '1 more follow-up coming up later.', 'owed by 1 customer', '1 complaint waiting to be sorted out.', 'open 1 day 2 h', 'See all who owe you (1 customer)'],
      '#/owes': ['by 1 customer', 'owing for 1 day'],
      '#/more': ['1 customer'],
      '#/trash': ['Gone aaaa'],
      '#/reports': ['Rp 350.000 · 1 deal', '1 · 1 first-time buyer'],
    },
    es: {
      '#/': ['1 seguimiento con retraso.', '1 seguimiento más para después.', 'te debe 1 cliente', '1 queja por resolver.', 'abierta hace 1 día 2 h', 'Ver todo: el cliente que te debe'],
      '#/owes': ['de 1 cliente', 'debe desde hace 1 día'],
      '#/more': ['1 cliente'],
      '#/trash': ['Gone aaaa'],
      '#/reports': ['Rp 350.000 · 1 oportunidad', '1 · 1 compra por primera vez'],
    },
    id: {
      '#/': ['1 tindak lanjut terlambat.', '1 tindak lanjut lagi nanti.', 'utang dari 1 pelanggan', '1 keluhan menunggu diselesaikan.', 'terbuka 1 hari 2 h'],
      '#/owes': ['dari 1 pelanggan', 'berutang sejak 1 hari'],
      '#/more': ['1 pelanggan'],
      '#/trash': ['Gone aaaa'],
      '#/reports': ['Rp 350.000 · 1 peluang', '1 · 1 pembeli pertama kali'],
    },
  },
  2: {
    en: {
      '#/': ['2 follow-ups overdue.', '2 more follow-ups coming up later.', 'owed by 2 customers', '2 complaints waiting to be sorted out.', 'open 2 days 2 h', 'See all who owe you (2 customers)'],
      '#/owes': ['by 2 customers', 'owing for 2 days'],
      '#/more': ['2 customers'],
      '#/trash': ['Gone aaab'],
      '#/reports': ['Rp 700.000 · 2 deals', '2 · 2 first-time buyers'],
    },
    es: {
      '#/': ['2 seguimientos con retraso.', '2 seguimientos más para después.', 'te deben 2 clientes', '2 quejas por resolver.', 'abierta hace 2 días 2 h', 'Ver todo: los 2 clientes que te deben'],
      '#/owes': ['de 2 clientes', 'debe desde hace 2 días'],
      '#/more': ['2 clientes'],
      '#/trash': ['Gone aaab'],
      '#/reports': ['Rp 700.000 · 2 oportunidades', '2 · 2 compran por primera vez'],
    },
    id: {
      '#/': ['2 tindak lanjut terlambat.', '2 tindak lanjut lagi nanti.', 'utang dari 2 pelanggan', '2 keluhan menunggu diselesaikan.', 'terbuka 2 hari 2 h'],
      '#/owes': ['dari 2 pelanggan', 'berutang sejak 2 hari'],
      '#/more': ['2 pelanggan'],
      '#/trash': ['Gone aaab'],
      '#/reports': ['Rp 700.000 · 2 peluang', '2 · 2 pembeli pertama kali'],
    },
  },
};

for (const n of [1, 2]) {
  test(`exactly ${n} of each counted thing, in en, es and id`, { timeout: 180_000 }, async () => {
    const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
    await restore(page, fixture(Date.now(), n));
    for (const lang of LANGS) {
      await setLanguage(page, lang);
      for (const hash of PAGES) {
        await visit(page, hash);
        const text = await textWith(page, hash, EXPECT[n][lang][hash]);
        assertNoWrongPlural(text, `${lang} ${hash} with ${n}`);
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** Amounts and counts that wrap inside the number, overflow their card, or are cut off. */
async function brokenFigures(page) {
  return page.evaluate(() => {
    const out = [];
    const sel = '.fig, .money, .kpi-value, .owe-amount, .today-amount, .owes-total-amount, .keyfact-value, .stat-num, .table .num';
    for (const el of document.querySelectorAll(sel)) {
      if (el.getClientRects().length === 0) continue;
      const text = el.textContent.trim();
      const range = document.createRange();
      range.selectNodeContents(el);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top);
      let lines = 0;
      let bottom = -Infinity;
      for (const r of rects) if (r.top >= bottom - 2) { lines += 1; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
      const isWords = el.classList.contains('kpi-words') || (el.classList.contains('num') && /\D{3,}/.test(text.replace(/Rp|\s/g, '')));
      if (lines > 1 && !isWords) out.push(`"${text}" (${el.className}) on ${lines} lines`);
      const box = el.closest('.kpi, .keyfact, .owes-total, .stat, .row, .card, td');
      const r = range.getBoundingClientRect();
      if (box) {
        const b = box.getBoundingClientRect();
        if (r.right > b.right + 1 || r.left < b.left - 1) out.push(`"${text}" (${el.className}) overflows its ${box.className || box.tagName} by ${Math.round(Math.max(r.right - b.right, b.left - r.left))}px`);
      }
      if (r.right > innerWidth + 1) out.push(`"${text}" (${el.className}) runs off the screen`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden') out.push(`"${text}" (${el.className}) is cut off`);
    }
    return out;
  });
}

test('counts of a thousand and more are grouped; large amounts stay whole at 360 px', { timeout: 600_000 }, async () => {
  const viewport = { width: 360, height: 740 };
  const { context, page, errors } = await phone(browser, { locale: 'en-ID', viewport });
  // 1,000 customers who each owe Rp 157.250.000 (Rp 157.250.000.000 in all), and one who owes
  // Rp 9.999.999.999; 1,000 overdue follow-ups; 1,000 customers in the Trash.
  const data = fixture(Date.now(), 1000, { amount: 157_250_000, extra: [{ id: 'c-toko', name: 'Toko Makmur Jaya', amount: 9_999_999_999 }] });
  await restore(page, data);
  const GROUPED = {
    en: { '#/': ['1,000 follow-ups overdue.', 'Show all 1,000 follow-ups', 'owed by 1,001 customers', '1,001'], '#/owes': ['by 1,001 customers'], '#/more': ['1,000 customers'], '#/reports': ['1,001'] },
    es: { '#/': ['1.000 seguimientos con retraso.', 'Ver los 1.000 seguimientos', 'te deben 1.001 clientes', '1.001'], '#/owes': ['de 1.001 clientes'], '#/more': ['1.000 clientes'], '#/reports': ['1.001'] },
    id: { '#/': ['1.000 tindak lanjut terlambat.', 'Lihat semua 1.000 tindak lanjut', 'utang dari 1.001 pelanggan', '1.001'], '#/owes': ['dari 1.001 pelanggan'], '#/more': ['1.000 pelanggan'], '#/reports': ['1.001'] },
  };
  let shot = 0;
  for (const lang of LANGS) {
    await setLanguage(page, lang);
    for (const [hash, phrases] of Object.entries(GROUPED[lang])) {
      await visit(page, hash);
      const text = await textWith(page, hash, phrases);
      assertNoWrongPlural(text, `${lang} ${hash}`);
      const bare = text.match(/(?<![\d.,])\d{4,}(?![\d.,])/g)?.filter((x) => !/^20\d\d$/.test(x));
      assert.deepEqual(bare ?? [], [], `${lang} ${hash}: counts of 1,000 and more are grouped`);
    }
    // Every figure whole, light and dark, on the pages with the big amounts.
    const toko = `#/customers/c-toko`;
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const hash of ['#/reports', '#/', '#/owes', toko]) {
        await visit(page, hash);
        if (hash === toko) await visible(page.getByRole('heading', { name: 'Toko Makmur Jaya', level: 2 }));
        else if (hash !== '#/reports') await visible(page.locator(hash === '#/' ? '.stat-num' : '.owes-total-amount').first());
        await page.waitForTimeout(300);
        assert.deepEqual(await brokenFigures(page), [], `${lang} ${scheme} ${hash}`);
        shot += 1;
        await screenshot(page, `plurals-${lang}-${scheme}-${String(shot).padStart(2, '0')}-${hash.replace(/\W+/g, '-')}`);
        if (hash === '#/') {
          await page.locator('#today-owes').scrollIntoViewIfNeeded();
          await screenshot(page, `plurals-${lang}-${scheme}-${String(shot).padStart(2, '0')}-today-owes`);
          await page.locator('.stats').scrollIntoViewIfNeeded();
          await screenshot(page, `plurals-${lang}-${scheme}-${String(shot).padStart(2, '0')}-today-stats`);
        }
        if (hash === '#/reports') {
          await page.locator('.kpis').scrollIntoViewIfNeeded();
          await screenshot(page, `plurals-${lang}-${scheme}-${String(shot).padStart(2, '0')}-reports-kpis`);
          await page.locator('.kpis li').nth(8).scrollIntoViewIfNeeded();
          await screenshot(page, `plurals-${lang}-${scheme}-${String(shot).padStart(2, '0')}-reports-kpis-2`);
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  assert.deepEqual(errors, []);
  await context.close();
});
