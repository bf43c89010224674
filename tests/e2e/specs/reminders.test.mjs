// Payment reminders (issue 15) at 390x844 with touch, in Jakarta (UTC+7), the clock set by
// Playwright: a customer owing Rp 175.000 since 2 March on the default weekly schedule is not in
// Today on 8 March and is on 9 March; "Promised to pay on 12 March" takes them off until that
// day; on the 12th the queue's "Send reminder" opens the personalised wa.me link (intercepted)
// with the balance and the bank details; the send is logged, and after the owner sets everyone's
// reminders to every 3 days, the next one is 3 days later. Where files can be shared (Web Share stubbed), "Send reminder" shares the statement PNG
// with the text instead, and its QR decodes to the dynamic QRIS of the balance. Screenshots of the
// card at 390 and 360 px in es and id, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { QRIS, qrisWith } from '../qr.mjs';

// CommonJS packages (devDependencies jsqr 1.4.0 and pngjs 7.0.0).
const require = createRequire(import.meta.url);
const jsQR = require('jsqr');
const { PNG } = require('pngjs');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const at = (day) => new Date(`2026-03-${day}T10:00:00+07:00`);
const T0 = at('02').getTime();

function backup() {
  const stamp = { created_at: T0, updated_at: T0 };
  return {
    format: 'rapport-backup', version: 3, exported_at: T0, app_version: '0.1.0', device_id: 'd-e2e',
    counts: {
      customers: 1, interactions: 0, purchases: 1, payments: 0, tasks: 0, cases: 0, deals: 0, templates: 0,
      campaigns: 0, segments: 0, pay_methods: 1, reminder_schedules: 1, promises: 0,
    },
    settings: { business_name: 'Dewi Cakes', country: 'ID', currency: 'IDR', language: 'en', backup_reminder_days: 0, updated_at: T0 },
    customers: [{ id: 'c-siti', name: 'Siti Rahma', phone: '0812-3456-7890', phone_e164: '+6281234567890', status: 'customer', marketing_consent: false, ...stamp }],
    interactions: [],
    purchases: [{ id: 'p-1', customer_id: 'c-siti', at: T0, total: 175_000, paid: 0, ...stamp }],
    payments: [], tasks: [], cases: [], deals: [], templates: [], campaigns: [], segments: [],
    pay_methods: [{ id: 'pm-bank', kind: { type: 'text', label: 'BCA', details: '123-456-7890 a.n. Dewi' }, position: 0, ...stamp }],
    reminder_schedules: [{ id: 'default', rule: { type: 'every_days', days: 7 }, ...stamp }],
    promises: [],
  };
}

const card = (page) => page.getByRole('heading', { name: 'Payment reminders' });

/** Today at `day` (10:00 in Jakarta): the page reloaded with the clock set. */
async function todayOn(page, day) {
  await page.clock.setFixedTime(at(day));
  await page.goto(server.url + '#/');
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Who owes you' }));
}

/** Nothing named "Payment reminders" once Today and its lazy parts had time to draw. */
async function noCard(page) {
  await page.waitForTimeout(1500);
  assert.equal(await card(page).count(), 0, 'no payment reminders card');
}

test('a weekly reminder, a promise, and the personalised WhatsApp link', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  // No file sharing here (as on most desktops): the queue opens the wa.me link.
  await page.addInitScript(() => { delete Navigator.prototype.canShare; delete Navigator.prototype.share; });
  const opened = [];
  await context.route('https://wa.me/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>WhatsApp</title><p>WhatsApp</p>' });
  });
  await page.clock.setFixedTime(at('08'));
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup())),
  });
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/), 60_000);

  // 8 March: six days after the purchase, not yet.
  await todayOn(page, '08');
  await noCard(page);

  // 9 March: seven days, due.
  await todayOn(page, '09');
  await visible(card(page));
  const section = page.locator('section.pay-reminders');
  await visible(section.getByText('1 customer to remind today'));
  await visible(section.getByText('Siti Rahma'));
  await visible(section.locator('.today-amount').filter({ hasText: /Rp\s175\.000/ }));
  await visible(section.getByText('Every 7 days while they owe'));
  await screenshot(page, '90-reminders-due');

  // "Promised to pay on 12 March": off the queue until then.
  await section.getByRole('button', { name: 'Promised to pay on…' }).tap();
  await section.getByLabel('Date they promised to pay').fill('2026-03-12');
  // The amount and a note, optional; a zero amount is refused in words.
  await section.getByLabel('Amount promised (optional: what they owe)').fill('0');
  await section.getByLabel('Note (optional)').fill('after payday');
  await section.getByRole('button', { name: 'Save promise' }).tap();
  await visible(section.getByText('The amount should be more than zero'));
  await section.getByLabel('Amount promised (optional: what they owe)').fill('100000');
  await section.getByRole('button', { name: 'Save promise' }).tap();
  await visible(page.getByRole('status').getByText(/Siti Rahma promised to pay on/));
  const promises = await page.evaluate(async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const all = await new Promise((ok, ko) => { const r = db.transaction('promises').objectStore('promises').getAll(); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    db.close();
    return all;
  });
  assert.equal(promises.length, 1);
  assert.equal(promises[0].pay_on, '2026-03-12');
  assert.equal(promises[0].amount, 100000);
  assert.equal(promises[0].note, 'after payday');
  await card(page).waitFor({ state: 'detached', timeout: 10_000 });
  await todayOn(page, '11');
  await noCard(page);

  // 12 March: back, because of the promise; the link carries the balance and how to pay.
  await todayOn(page, '12');
  await visible(card(page));
  await visible(section.locator('.row-sub').getByText(/Promised to pay on 12 Mar/));
  const link = section.getByRole('link', { name: 'Remind Siti Rahma on WhatsApp' });
  const href = await link.getAttribute('href');
  assert.ok(href.startsWith('https://wa.me/6281234567890?text='), href);
  const text = decodeURIComponent(href.split('?text=')[1]).replace(/\u00a0/g, ' ');
  assert.match(text, /Siti/);
  assert.match(text, /Rp 175\.000/);
  assert.match(text, /BCA: 123-456-7890 a\.n\. Dewi/);
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.tap()]);
  await popup.close();
  assert.equal(opened.length, 1);
  assert.equal(opened[0], href);
  await visible(page.getByRole('status').getByText('Reminder to Siti Rahma logged'));
  await card(page).waitFor({ state: 'detached', timeout: 10_000 });

  // Logged in the customer's history.
  await page.goto(server.url + '#/customers/c-siti');
  await visible(page.getByRole('list', { name: 'History' }).getByText(/Payment reminder/));
  await page.getByText('Payment reminders', { exact: true }).tap();
  await visible(page.getByText(/Next reminder:/));

  // The owner makes everyone's reminders every 3 days: 3 days after the send, due again.
  await visible(page.getByText('Everyone who owes: every 7 days'));
  await page.getByLabel('Everyone who owes: every how many days').fill('3');
  await page.getByRole('button', { name: 'Save for everyone' }).tap();
  await visible(page.getByText('Everyone who owes: every 3 days'));
  await todayOn(page, '14');
  await noCard(page);
  await todayOn(page, '15');
  await visible(card(page));

  assert.deepEqual(errors, []);
  await context.close();
});

test('"reminders are due" is notified when the app opens on another page than Today', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  // Notifications allowed; both ways of showing one (service worker, page) write them down.
  await page.addInitScript(() => {
    window.__notes = [];
    const keep = (title, opts) => window.__notes.push({ title, body: opts && opts.body });
    function N(title, opts) { keep(title, opts); this.close = () => {}; }
    N.permission = 'granted';
    N.requestPermission = async () => 'granted';
    window.Notification = N;
    if (window.ServiceWorkerRegistration) {
      ServiceWorkerRegistration.prototype.showNotification = async function (title, opts) { keep(title, opts); };
    }
  });
  await page.clock.setFixedTime(at('09'));
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup())),
  });
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/), 60_000);
  // Opened on the customer list: Today (and its queue) never drawn.
  await page.goto(server.url + '#/customers');
  await page.reload();
  await visible(page.getByText('Siti Rahma'));
  await page.waitForFunction(() => window.__notes.length > 0, null, { timeout: 30_000 });
  const notes = await page.evaluate(() => window.__notes);
  assert.equal(notes.length, 1);
  assert.equal(notes[0].title, 'Payment reminders');
  assert.equal(notes[0].body, '1 customer to remind today');
  // Today's queue does not tell it a second time in the same page load.
  await page.goto(server.url + '#/');
  await visible(card(page));
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.__notes.length), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('where files can be shared, the reminder goes with the statement image, whose QR pays the balance', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { timezoneId: 'Asia/Jakarta' });
  // A phone that shares files: canShare says yes, share() keeps what it was given.
  await page.addInitScript(() => {
    window.__shared = [];
    Object.defineProperty(Navigator.prototype, 'canShare', {
      configurable: true, value: (data) => !!(data && data.files && data.files.length),
    });
    Object.defineProperty(Navigator.prototype, 'share', {
      configurable: true,
      value: async (data) => {
        const f = data.files[0];
        const bytes = new Uint8Array(await f.arrayBuffer());
        let bin = '';
        for (const b of bytes) bin += String.fromCharCode(b);
        window.__shared.push({ text: data.text, name: f.name, type: f.type, png: btoa(bin) });
      },
    });
  });
  const opened = [];
  await context.route('https://wa.me/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>WhatsApp</p>' });
  });
  await page.clock.setFixedTime(at('09'));
  const data = backup();
  data.counts.pay_methods = 2;
  data.pay_methods = [
    { id: 'pm-qris', kind: { type: 'qris', payload: QRIS, dynamic_amount: true }, position: 0, created_at: T0, updated_at: T0 },
    { ...data.pay_methods[0], position: 1 },
  ];
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)),
  });
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/), 60_000);

  await todayOn(page, '09');
  await visible(card(page));
  const send = page.locator('section.pay-reminders').getByRole('button', { name: 'Send Siti Rahma the reminder with the statement' });
  await visible(send);
  await send.tap();
  await page.waitForFunction(() => window.__shared.length > 0, null, { timeout: 15_000 });
  const shared = await page.evaluate(() => window.__shared);
  assert.equal(shared.length, 1);
  assert.equal(shared[0].type, 'image/png');
  assert.match(shared[0].name, /\.png$/);
  const text = shared[0].text.replace(/\u00a0/g, ' ');
  assert.match(text, /Siti/);
  assert.match(text, /Rp 175\.000/);
  const png = PNG.sync.read(Buffer.from(shared[0].png, 'base64'));
  const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  assert.equal(qr?.data, qrisWith(175000), 'the statement\'s QR is the dynamic QRIS of the balance');
  assert.equal(opened.length, 0, 'no wa.me link opened');
  await visible(page.getByRole('status').getByText('Reminder to Siti Rahma logged'));
  await card(page).waitFor({ state: 'detached', timeout: 10_000 });

  // Logged once in the customer's history.
  await page.goto(server.url + '#/customers/c-siti');
  const history = page.getByRole('list', { name: 'History' });
  await visible(history.getByText(/Payment reminder/));
  assert.equal(await history.getByText(/Payment reminder/).count(), 1);

  assert.deepEqual(errors, []);
  await context.close();
});

test('the reminder card in Spanish and Indonesian, light and dark, at 390 and 360 px', { timeout: 240_000 }, async () => {
  const words = {
    es: { file: 'Archivo de copia', replace: 'Reemplazar mis datos', yes: 'Sí, reemplazar', done: /se reemplazaron con la copia/ },
    id: { file: 'File cadangan', replace: 'Ganti data saya', yes: 'Ya, ganti', done: /diganti dengan cadangan/ },
  };
  for (const [lang, locale, title] of [['es', 'es-ES', 'Recordatorios de pago'], ['id', 'id-ID', 'Pengingat pembayaran']]) {
    const w = words[lang];
    for (const width of [390, 360]) {
      for (const colorScheme of ['light', 'dark']) {
        const { context, page, errors } = await phone(browser, {
          timezoneId: 'Asia/Jakarta', locale, colorScheme, viewport: { width, height: 844 },
        });
        await page.clock.setFixedTime(at('09'));
        const data = backup();
        data.settings.language = lang;
        await page.goto(server.url + '#/backup');
        await page.getByLabel(w.file).setInputFiles({
          name: 'rapport-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)),
        });
        await page.getByRole('button', { name: w.replace }).tap();
        await page.getByRole('button', { name: w.yes }).tap();
        await visible(page.getByText(w.done), 60_000);
        await page.goto(server.url + '#/');
        await page.reload();
        await visible(page.getByRole('heading', { name: title }), 20_000);
        await page.locator('section.pay-reminders').scrollIntoViewIfNeeded();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${lang} ${width} ${colorScheme}: nothing wider than the screen`);
        await screenshot(page, `91-reminders-${lang}-${width}-${colorScheme}`);
        // The promise form (date, amount, note).
        await page.locator('section.pay-reminders button[aria-expanded]').tap();
        await visible(page.locator('#pay-promise-note'));
        await page.locator('form.pay-promise').scrollIntoViewIfNeeded();
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(wide, false, `${lang} ${width} ${colorScheme}: the promise form fits`);
        await screenshot(page, `92-promise-${lang}-${width}-${colorScheme}`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  }
});
