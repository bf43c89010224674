// Loyalty (issue 16) at 390x844 with touch: the owner turns on stamps (3 for a free coffee) in
// Settings → Loyalty; three purchases earn three stamps and the reward is ready; a refund takes one
// back; one more purchase makes it ready again; "Redeem" records the reward and the card starts
// over. The loyalty card image opens, and a segment "has a reward ready" finds the customer.
// Screenshots at 390 and 360 px in es and id, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const T0 = new Date('2026-03-02T10:00:00+07:00').getTime();

function backup(lang = 'en', loyalty = undefined, purchases = []) {
  const stamp = { created_at: T0, updated_at: T0 };
  return {
    format: 'rapport-backup', version: 3, exported_at: T0, app_version: '0.1.0', device_id: 'd-e2e',
    counts: {
      customers: 1, interactions: 0, purchases: purchases.length, payments: 0, tasks: 0, cases: 0, deals: 0, templates: 0,
      campaigns: 0, segments: 0, pay_methods: 0, reminder_schedules: 0, promises: 0,
    },
    settings: { business_name: 'Kopi Dewi', country: 'ID', currency: 'IDR', language: lang, backup_reminder_days: 0, updated_at: T0, ...(loyalty ? { loyalty } : {}) },
    customers: [{ id: 'c-siti', name: 'Siti Rahma', phone: '0812-3456-7890', phone_e164: '+6281234567890', status: 'customer', marketing_consent: false, ...stamp }],
    interactions: [],
    purchases,
    payments: [], tasks: [], cases: [], deals: [], templates: [], campaigns: [], segments: [],
    pay_methods: [], reminder_schedules: [], promises: [],
  };
}

async function restore(page, data, w = { file: 'Backup file', replace: 'Replace my data', yes: 'Yes, replace', done: /replaced by the backup/ }) {
  await page.goto(server.url + '#/backup');
  await page.getByLabel(w.file).setInputFiles({
    name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)),
  });
  await page.getByRole('button', { name: w.replace }).tap();
  await page.getByRole('button', { name: w.yes }).tap();
  await visible(page.getByText(w.done), 60_000);
}

async function buy(page, total) {
  await page.goto(server.url + '#/customers/c-siti/new/purchases');
  await page.getByRole('textbox', { name: 'Total' }).fill(String(total));
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(page.getByRole('heading', { name: 'Siti Rahma' }));
}

test('stamps from purchases, a refund takes one back, the reward is redeemed', { timeout: 240_000 }, async () => {
  const { page, context, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  await page.clock.setFixedTime(new Date('2026-03-10T10:00:00+07:00'));
  await restore(page, backup());

  await page.goto(server.url + '#/settings');
  await page.getByRole('link', { name: /Loyalty/ }).tap();
  await page.getByRole('radio', { name: 'Stamps' }).check();
  await page.getByLabel('Stamps for a reward (one stamp per purchase)').fill('3');
  await page.getByLabel('The reward').fill('A free coffee');
  await page.getByRole('button', { name: 'Save loyalty' }).tap();
  await visible(page.getByRole('status').getByText('Loyalty saved.'));

  await page.goto(server.url + '#/customers/c-siti');
  const card = page.locator('section.loyalty');
  await visible(card.getByText('0 of 3 stamps'));
  await visible(card.getByText('3 more for a reward'));

  for (const total of [20000, 35000, 15000]) await buy(page, total);
  await visible(card.getByText('3 of 3 stamps'));
  await visible(card.getByText('Reward ready: A free coffee'));
  await screenshot(page, '98-loyalty-ready');

  // A refund takes a stamp back.
  await buy(page, -15000);
  await visible(card.getByText('2 of 3 stamps'));
  await visible(card.getByText('1 more for a reward'));
  assert.equal(await card.getByRole('button', { name: 'Redeem a reward for Siti Rahma' }).count(), 0);

  await buy(page, 25000);
  await visible(card.getByText('Reward ready: A free coffee'));

  // The segment "has a reward ready" finds her.
  await page.goto(server.url + '#/segments/new');
  await page.getByLabel('Has a reward ready').check();
  await visible(page.getByRole('list', { name: /Members|Customers/ }).getByText('Siti Rahma'));

  // The loyalty card image.
  await page.goto(server.url + '#/customers/c-siti');
  await card.getByRole('link', { name: 'Loyalty card' }).tap();
  await visible(page.getByRole('heading', { name: 'Loyalty card' }));
  await visible(page.locator('img[alt*="3 of 3 stamps"]'), 20_000);
  await screenshot(page, '99-loyalty-card');

  // Redeem.
  await page.goto(server.url + '#/customers/c-siti');
  await card.getByRole('button', { name: 'Redeem a reward for Siti Rahma' }).tap();
  await visible(page.getByRole('status').getByText('Reward given to Siti Rahma.'));
  await visible(card.getByText('0 of 3 stamps'));

  // Redeemed: no longer in "has a reward ready".
  await page.goto(server.url + '#/segments/new');
  await page.getByLabel('Has a reward ready').check();
  await expectCount(page.getByRole('list', { name: /Customers/ }).getByText('Siti Rahma'), 0);

  assert.deepEqual(errors, []);
  await context.close();
});

test('the loyalty card on the customer page in Spanish and Indonesian, light and dark, at 390 and 360 px', { timeout: 300_000 }, async () => {
  const words = {
    es: { file: 'Archivo de copia', replace: 'Reemplazar mis datos', yes: 'Sí, reemplazar', done: /se reemplazaron con la copia/, title: 'Fidelidad' },
    id: { file: 'File cadangan', replace: 'Ganti data saya', yes: 'Ya, ganti', done: /diganti dengan cadangan/, title: 'Loyalitas' },
  };
  const at = new Date('2026-03-10T10:00:00+07:00').getTime();
  const purchases = [1, 2].map((i) => ({ id: `p-${i}`, customer_id: 'c-siti', at: at + i, total: 20_000, paid: 20_000, created_at: at, updated_at: at }));
  for (const [lang, locale] of [['es', 'es-ES'], ['id', 'id-ID']]) {
    const w = words[lang];
    for (const width of [390, 360]) {
      for (const colorScheme of ['light', 'dark']) {
        const { context, page, errors } = await phone(browser, {
          timezoneId: 'Asia/Jakarta', locale, colorScheme, viewport: { width, height: 844 },
        });
        await page.clock.setFixedTime(new Date('2026-03-12T10:00:00+07:00'));
        await restore(page, backup(lang, { rule: { type: 'stamps', reward_at: 2 }, reward: 'Kopi gratis', since: at }, purchases), w);
        await page.goto(server.url + '#/customers/c-siti');
        await visible(page.getByRole('heading', { name: w.title }), 20_000);
        await page.locator('section.loyalty').scrollIntoViewIfNeeded();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${lang} ${width} ${colorScheme}: nothing wider than the screen`);
        await screenshot(page, `99-loyalty-${lang}-${width}-${colorScheme}`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  }
});
