// Fault tests: two tabs (an edit shows in the other within a second; concurrent edits are never
// lost silently), a full phone (storage quota exhausted: a clear message, nothing lost), and
// hostile input (XSS payloads typed into every text field and carried in imported CSV, vCard and
// backup files: nothing executes). The killed-tab import test is slower: `bash .ci/faults`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

async function addCustomer(page, name, tel) {
  await page.goto(server.url + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone', { exact: true }).fill(tel);
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name, level: 2 }));
  return decodeURIComponent(page.url().split('#/customers/')[1]);
}

/** A second page in the same context (another tab of the same phone), failing on console errors. */
async function tab(context, errors) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return page;
}

test('two tabs: edits show in the other tab within a second; a concurrent edit is refused in words', { timeout: 120_000 }, async () => {
  const { context, page: a, errors } = await phone(browser, { locale: 'en-ID' });
  const id = await addCustomer(a, 'Rina Lestari', '0812 1111 2222');
  const b = await tab(context, errors);
  await b.goto(server.url + '#/customers');
  const listB = b.getByRole('list', { name: 'Customers' });
  await visible(listB.getByText('Rina Lestari'));

  // An edit in A appears in B's list within a second of A's save.
  await a.goto(server.url + `#/customers/${id}/edit`);
  await a.getByLabel('Name', { exact: true }).fill('Rina Wijaya');
  await a.getByRole('button', { name: 'Save changes' }).tap();
  await visible(a.getByRole('heading', { name: 'Rina Wijaya', level: 2 }));
  const t0 = Date.now();
  await visible(listB.getByText('Rina Wijaya'), 1_000);
  const lag = Date.now() - t0;
  assert.ok(lag <= 1_000, `B saw the edit after ${lag} ms`);

  // An event in A (a purchase not paid) changes B's customer page too.
  await b.goto(server.url + `#/customers/${id}`);
  await visible(b.getByRole('heading', { name: 'Rina Wijaya', level: 2 }));
  await a.getByRole('link', { name: 'Purchase', exact: true }).tap();
  await a.getByLabel('Total', { exact: true }).fill('75000');
  await a.getByRole('radio', { name: 'Not yet' }).check();
  await a.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(a.getByText('Owes Rp 75.000'));
  await visible(b.getByText('Owes Rp 75.000'), 1_000);

  // Both tabs edit the same customer; A saves first; B's save is refused and B is told.
  await a.goto(server.url + `#/customers/${id}/edit`);
  await b.goto(server.url + `#/customers/${id}/edit`);
  await visible(b.getByLabel('Name', { exact: true }));
  await a.getByLabel('Name', { exact: true }).fill('Rina W. (A)');
  await b.getByLabel('Notes', { exact: true }).fill('Typed in tab B');
  await a.getByRole('button', { name: 'Save changes' }).tap();
  await visible(a.getByRole('heading', { name: 'Rina W. (A)', level: 2 }));
  await b.getByRole('button', { name: 'Save changes' }).tap();
  await visible(b.getByText(/changed somewhere else \(another tab\) while you were editing/));
  // B's typing is still on its screen (it can be copied), and A's edit is what is stored.
  assert.equal(await b.getByLabel('Notes', { exact: true }).inputValue(), 'Typed in tab B');
  await screenshot(b, '60-conflict-other-tab');
  const c = await b.evaluate(async (id) => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); });
    const rec = await new Promise((ok) => { const r = db.transaction('customers').objectStore('customers').get(id); r.onsuccess = () => ok(r.result); });
    db.close();
    return rec;
  }, id);
  assert.equal(c.name, 'Rina W. (A)');
  assert.equal(c.notes ?? '', '');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Makes every IndexedDB write throw QuotaExceededError while `window.__full` is true. */
const QUOTA = () => {
  window.__full = false;
  for (const m of ['put', 'add']) {
    const orig = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function (...args) {
      if (window.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.apply(this, args);
    };
  }
};

test('a full phone: every save says so in words and nothing already stored is lost', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await context.addInitScript(QUOTA);
  const id = await addCustomer(page, 'Dewi Kusuma', '0813 2222 3333');
  await page.getByRole('link', { name: 'Purchase', exact: true }).tap();
  await page.getByLabel('Total', { exact: true }).fill('50000');
  await page.getByRole('radio', { name: 'Not yet' }).check();
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(page.getByText('Owes Rp 50.000'));
  const full = /storage is full, so this was not saved/;

  await page.evaluate(() => { window.__full = true; });
  // A new customer.
  await page.goto(server.url + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill('Budi Santoso');
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByText(full).first());
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Budi Santoso', 'the form keeps what was typed');
  await screenshot(page, '61-quota-full');
  // An edit.
  await page.goto(server.url + `#/customers/${id}/edit`);
  await page.getByLabel('Name', { exact: true }).fill('Dewi K.');
  await page.getByRole('button', { name: 'Save changes' }).tap();
  await visible(page.getByText(full).first());
  // A payment.
  await page.goto(server.url + `#/customers/${id}/new/payments`);
  await page.getByLabel('Amount paid', { exact: true }).fill('50000');
  await page.getByRole('button', { name: 'Save payment' }).tap();
  await visible(page.getByText(full).first());
  // A whole restore (it clears the stores first, so a half-done write would lose everything).
  const backup = JSON.stringify({ format: 'rapport-backup', version: 1, exported_at: 1793491200000, app_version: '0.1.0', device_id: 'x', counts: { customers: 1, interactions: 0, purchases: 0, payments: 0, tasks: 0, cases: 0 }, settings: { business_name: '', country: 'ID', currency: 'IDR', language: 'id', backup_reminder_days: 7, updated_at: 1 }, customers: [{ id: 'z1', name: 'Someone Else', status: 'lead', created_at: 1, updated_at: 1 }], interactions: [], purchases: [], payments: [], tasks: [], cases: [] });
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(full).first());

  // Space is freed: after a reload, everything saved before is there, unchanged.
  await page.evaluate(() => { window.__full = false; });
  await page.goto(server.url + '#/customers');
  await page.reload();
  const list = page.getByRole('list', { name: 'Customers' });
  await visible(list.getByText('Dewi Kusuma'));
  assert.deepEqual(await list.locator('.row-title').allTextContents(), ['Dewi Kusuma']);
  await list.getByRole('link', { name: /Dewi Kusuma/ }).tap();
  await visible(page.getByText('Owes Rp 50.000'));
  // The app logs nothing as a console error for a handled failure.
  assert.deepEqual(errors, []);
  await context.close();
});

// Every payload sets window.__xss (or calls alert) if it ever runs.
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  "'><iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
  'javascript:window.__xss=1',
  '<a href="javascript:window.__xss=1">x</a>',
  '{{constructor.constructor(\'window.__xss=1\')()}}',
  '=HYPERLINK("javascript:window.__xss=1")',
  '</textarea><script>alert(1)</script>',
  '<details open ontoggle="window.__xss=1">',
];

async function noScriptRan(page, dialogs, where) {
  await page.waitForTimeout(300);
  const hit = await page.evaluate(() => window.__xss);
  assert.equal(hit, undefined, `a payload ran (${where})`);
  assert.deepEqual(dialogs, [], `a dialog opened (${where})`);
  assert.equal(await page.locator('main img[src="x"], main svg[onload], main iframe, main script').count(), 0, `markup from a payload was rendered (${where})`);
}

/** Fills every text field on the page with payloads (cycling through the corpus). */
async function fillAll(page, offset) {
  // Open folded sections (social handles…) so their fields are filled too.
  const folded = page.locator('main details:not([open]) > summary');
  while (await folded.count()) await folded.first().click();
  const fields = page.locator('main input:not([type]), main input[type=text], main input[type=search], main input[type=email], main input[type=tel], main input[type=url], main textarea');
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const f = fields.nth(i);
    if (await f.isVisible() && await f.isEditable()) await f.fill(PAYLOADS[(i + offset) % PAYLOADS.length]);
  }
  return n;
}

test('hostile input: XSS payloads typed into every field and carried in imported files never run', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });

  // The customer form: every text field gets a payload; email and phone are then made valid.
  await page.goto(server.url + '#/customers/new');
  await visible(page.getByLabel('Name', { exact: true }));
  assert.ok(await fillAll(page, 0) >= 6);
  await page.getByLabel('Name', { exact: true }).fill(PAYLOADS[0]);
  await page.getByLabel('Email', { exact: true }).fill('');
  await page.getByLabel('Birthday year (optional)').fill('');
  await page.getByLabel('Tags', { exact: true }).fill('<svg onload=alert(1)>, <b onclick=alert(2)>');
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name: PAYLOADS[0], level: 2 }));
  const id = decodeURIComponent(page.url().split('#/customers/')[1]);
  await noScriptRan(page, dialogs, 'customer page');

  // Every event form of that customer.
  for (const [what, save] of [['interactions', 'Save'], ['purchases', 'Save purchase'], ['payments', 'Save payment'], ['tasks', 'Save follow-up'], ['cases', 'Save complaint']]) {
    await page.goto(server.url + `#/customers/${encodeURIComponent(id)}/new/${what}`);
    await visible(page.getByRole('button', { name: save, exact: true }));
    await fillAll(page, 3);
    // Money fields need numbers; the rest keep their payloads.
    for (const label of ['Total', 'Amount paid', 'Quantity', 'Unit price']) {
      const f = page.getByLabel(label, { exact: true });
      if (await f.count()) await f.fill('1000');
    }
    await page.getByRole('button', { name: save, exact: true }).tap();
    await page.waitForTimeout(500);
    await noScriptRan(page, dialogs, `${what} form`);
  }
  await page.goto(server.url + `#/customers/${encodeURIComponent(id)}`);
  await visible(page.getByRole('heading', { name: PAYLOADS[0], level: 2 }));
  await noScriptRan(page, dialogs, 'customer page with events');

  // Settings and search.
  await page.goto(server.url + '#/more');
  await page.waitForTimeout(300);
  await fillAll(page, 5);
  await noScriptRan(page, dialogs, 'settings');
  await page.goto(server.url + '#/customers');
  for (const p of PAYLOADS) await page.getByLabel('Search customers').fill(p);
  await noScriptRan(page, dialogs, 'search');

  // Imported files: CSV, vCard and a backup carrying the payloads.
  const csv = 'Name,Phone,Email,Tags,Notes\n' + PAYLOADS.map((p, i) => `"${p.replaceAll('"', '""')}",+62 812 5555 ${String(1000 + i)},,"${p.replaceAll('"', '""')}","${p.replaceAll('"', '""')}"`).join('\n') + '\n';
  const vcf = PAYLOADS.map((p, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${p}\r\nTEL;TYPE=CELL:+34 612 00 ${String(10 + i)} 00\r\nNOTE:${p}\r\nURL:${p}\r\nEND:VCARD\r\n`).join('');
  for (const [name, body] of [['xss.csv', csv], ['xss.vcf', vcf]]) {
    await page.goto(server.url + '#/import');
    await page.getByLabel('Contacts file (.csv or .vcf)').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });
    await page.getByRole('button', { name: /^Import \d+ contacts?$/ }).tap();
    await visible(page.getByRole('heading', { name: 'Import finished' }));
    await noScriptRan(page, dialogs, name);
  }
  const now = 1793491200000;
  const customers = PAYLOADS.map((p, i) => ({ id: `x${i}`, name: p, notes: p, tags: [p.slice(0, 39)], social: { instagram: p, facebook: p, tiktok: p }, email: p, status: 'lead', created_at: now, updated_at: now }));
  const interactions = PAYLOADS.map((p, i) => ({ id: `i${i}`, customer_id: `x${i}`, kind: 'whatsapp', direction: 'in', at: now, summary: p, outcome: p, created_at: now, updated_at: now }));
  const purchases = PAYLOADS.map((p, i) => ({ id: `p${i}`, customer_id: `x${i}`, at: now, lines: [{ item: p, quantity: 1, unit_price: 1000 }], total: 1000, paid: 0, note: p, created_at: now, updated_at: now }));
  const backup = { format: 'rapport-backup', version: 1, exported_at: now, app_version: '0.1.0', device_id: PAYLOADS[0], counts: { customers: customers.length, interactions: interactions.length, purchases: purchases.length, payments: 0, tasks: 0, cases: 0 }, settings: { business_name: PAYLOADS[1], country: 'ID', currency: 'IDR', language: 'id', backup_reminder_days: 7, updated_at: now }, customers, interactions, purchases, payments: [], tasks: [], cases: [] };
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles({ name: 'xss.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
  await page.getByRole('button', { name: 'Merge into my data' }).tap();
  await visible(page.getByText(/^Merged/));
  await noScriptRan(page, dialogs, 'backup preview and merge');

  // Every screen that shows those records.
  for (const h of ['#/', '#/customers', '#/reports', '#/owes', '#/dupes', '#/customers/x0', '#/customers/x1', '#/customers/x4', '#/customers/x5', '#/more']) {
    await page.goto(server.url + h);
    await page.waitForTimeout(400);
    await noScriptRan(page, dialogs, h);
  }
  await page.goto(server.url + '#/customers');
  await visible(page.getByRole('list', { name: 'Customers' }).getByText(PAYLOADS[1]).first());
  await screenshot(page, '62-xss-list');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});
