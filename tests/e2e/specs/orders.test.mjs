// Orders (issue 16) at 390x844 with touch, in Jakarta (UTC+7), the clock set by Playwright: a
// purchase saved as an order due on 12 March shows on the customer page as New, is not on
// Today on 10 March, shows under "Tomorrow" on the 11th and "Today" on the 12th; it moves
// New → Confirmed → Ready → Delivered with one tap each, and after "Mark ready" the "Tell"
// link opens wa.me (intercepted) with "Your order … is ready". The Orders page filters by
// status. Screenshots at 390 and 360 px in es and id, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const at = (day) => new Date(`2026-03-${day}T10:00:00+07:00`);
const T0 = at('02').getTime();

function backup(lang = 'en', order = null) {
  const stamp = { created_at: T0, updated_at: T0 };
  return {
    format: 'rapport-backup', version: 3, exported_at: T0, app_version: '0.1.0', device_id: 'd-e2e',
    counts: {
      customers: 1, interactions: 0, purchases: order ? 1 : 0, payments: 0, tasks: 0, cases: 0, deals: 0, templates: 0,
      campaigns: 0, segments: 0, pay_methods: 0, reminder_schedules: 0, promises: 0,
    },
    settings: { business_name: 'Dewi Cakes', country: 'ID', currency: 'IDR', language: lang, backup_reminder_days: 0, updated_at: T0 },
    customers: [{ id: 'c-siti', name: 'Siti Rahma', phone: '0812-3456-7890', phone_e164: '+6281234567890', status: 'customer', marketing_consent: false, ...stamp }],
    interactions: [],
    purchases: order ? [{ id: 'p-1', customer_id: 'c-siti', at: T0, lines: [{ item: 'Birthday cake', quantity: 1, unit_price: 250_000 }], total: 250_000, paid: 0, order, ...stamp }] : [],
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

const card = (page) => page.getByRole('heading', { name: 'Orders to deliver' });

/** Today at `day` (10:00 in Jakarta): the page reloaded with the clock set. */
async function todayOn(page, day) {
  await page.clock.setFixedTime(at(day));
  await page.goto(server.url + '#/');
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Who owes you' }));
}

test('an order moves New → Confirmed → Ready → Delivered and shows on Today on its date', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  const opened = [];
  await context.route('https://wa.me/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>WhatsApp</title><p>WhatsApp</p>' });
  });
  await page.clock.setFixedTime(at('10'));
  await restore(page, backup());

  // A purchase that is an order, due on 12 March at 15:00.
  await page.goto(server.url + '#/customers/c-siti/new/purchases');
  await page.getByRole('textbox', { name: 'Total' }).fill('250000');
  await page.getByRole('radio', { name: 'Not yet' }).check();
  await page.getByLabel('This is an order').check();
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(page.getByText('Choose the day the order is due.'));
  await page.getByLabel('Due: date').fill('2026-03-12');
  await page.getByLabel('Due: time').fill('15:00');
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(page.getByRole('heading', { name: 'Siti Rahma' }));
  const orders = page.locator('section[aria-labelledby="customer-orders"]');
  await visible(orders.locator('.badge', { hasText: 'New' }));
  await visible(orders.getByText(/Due 12 Mar/));

  // 10 March: not yet on Today; 11 March: tomorrow; 12 March: today.
  await todayOn(page, '10');
  await page.waitForTimeout(1500);
  assert.equal(await card(page).count(), 0, 'nothing to deliver on the 10th');
  await todayOn(page, '11');
  await visible(card(page));
  const section = page.locator('section.today-orders');
  await visible(section.getByRole('heading', { name: 'Tomorrow' }));
  await todayOn(page, '12');
  await visible(card(page));
  await visible(section.getByRole('heading', { name: 'Today' }));
  await visible(section.getByText('Siti Rahma'));
  await screenshot(page, '95-orders-today');

  // One tap per step.
  await section.getByRole('button', { name: 'Confirm: Siti Rahma' }).tap();
  await visible(page.getByRole('status').getByText('Order is now: Confirmed.'));
  await visible(section.locator('.badge', { hasText: 'Confirmed' }));
  await section.getByRole('button', { name: 'Mark ready: Siti Rahma' }).tap();
  await visible(section.locator('.badge', { hasText: 'Ready' }));

  // The status message, one tap.
  const link = section.getByRole('link', { name: 'Tell Siti Rahma on WhatsApp' });
  await visible(link);
  const href = await link.getAttribute('href');
  assert.ok(href.startsWith('https://wa.me/6281234567890?text='), href);
  const text = decodeURIComponent(href.split('?text=')[1]);
  assert.match(text, /Siti/);
  assert.match(text, /Your order at Dewi Cakes is ready/);
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.tap()]);
  await popup.close();
  assert.equal(opened.length, 1);
  await screenshot(page, '96-orders-ready');

  await section.getByRole('button', { name: 'Mark delivered: Siti Rahma' }).tap();
  await card(page).waitFor({ state: 'detached', timeout: 10_000 });

  // The Orders page: open orders by default, then by status.
  await page.goto(server.url + '#/orders');
  await visible(page.getByRole('group', { name: 'Show orders' }));
  await visible(page.getByText('No orders here.'));
  await page.getByRole('button', { name: 'Delivered' }).tap();
  await visible(page.getByText('Siti Rahma'));
  assert.equal(await page.getByRole('button', { name: /Cancel order/ }).count(), 0, 'a delivered order cannot be cancelled');
  await page.getByRole('button', { name: 'Cancelled' }).tap();
  await visible(page.getByText('No orders here.'));

  // Logged in the customer's history: the status message.
  await page.goto(server.url + '#/customers/c-siti');
  await visible(page.getByRole('list', { name: 'History' }).getByText(/Order update/));

  assert.deepEqual(errors, []);
  await context.close();
});

test('a cancelled order counts nothing: what they owe stays', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  await page.clock.setFixedTime(at('10'));
  await restore(page, backup('en', { status: 'new', due_at: at('12').getTime() }));
  await page.goto(server.url + '#/orders');
  await visible(page.getByText('Siti Rahma'));
  await page.getByRole('button', { name: 'Cancel order: Siti Rahma' }).tap();
  await visible(page.getByRole('status').getByText('Order is now: Cancelled.'));
  await page.getByRole('button', { name: 'Cancelled' }).tap();
  await visible(page.getByText('Siti Rahma'));
  await page.goto(server.url + '#/owes');
  await visible(page.getByText(/Nobody owes you/));
  assert.deepEqual(errors, []);
  await context.close();
});

test('orders on Today in Spanish and Indonesian, light and dark, at 390 and 360 px', { timeout: 300_000 }, async () => {
  const words = {
    es: { file: 'Archivo de copia', replace: 'Reemplazar mis datos', yes: 'Sí, reemplazar', done: /se reemplazaron con la copia/, title: 'Pedidos por entregar' },
    id: { file: 'File cadangan', replace: 'Ganti data saya', yes: 'Ya, ganti', done: /diganti dengan cadangan/, title: 'Pesanan untuk diantar' },
  };
  for (const [lang, locale] of [['es', 'es-ES'], ['id', 'id-ID']]) {
    const w = words[lang];
    for (const width of [390, 360]) {
      for (const colorScheme of ['light', 'dark']) {
        const { context, page, errors } = await phone(browser, {
          timezoneId: 'Asia/Jakarta', locale, colorScheme, viewport: { width, height: 844 },
        });
        await page.clock.setFixedTime(at('12'));
        await restore(page, backup(lang, { status: 'ready', due_at: at('12').getTime() }), w);
        await page.goto(server.url + '#/');
        await page.reload();
        await visible(page.getByRole('heading', { name: w.title }), 20_000);
        await page.locator('section.today-orders').scrollIntoViewIfNeeded();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${lang} ${width} ${colorScheme}: nothing wider than the screen`);
        await screenshot(page, `97-orders-${lang}-${width}-${colorScheme}`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  }
});
