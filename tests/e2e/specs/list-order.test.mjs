// The customer list's order at 390x844 with touch: most recently active first (a logged contact
// moves its customer to the top, in this tab and in another), A–Z one tap away and remembered
// after a reload, the count in words ("3 customers", "1 customer"), and the storage figure on
// Backup that follows a restore without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { addCustomer } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

/** The names in the list, top to bottom, once they equal `want` (the list updates asynchronously). */
async function expectNames(page, want, timeout = 10_000) {
  const rows = page.getByRole('list', { name: 'Customers' }).locator('.row-title');
  const end = Date.now() + timeout;
  let got;
  for (;;) {
    got = await rows.allTextContents();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    if (Date.now() > end) assert.deepEqual(got, want);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const sortBy = (page, name) => page.getByRole('group', { name: 'Sort by' }).getByRole('button', { name, exact: true });

async function toList(page) {
  await page.goto(server.url + '#/customers');
  await page.locator('.list-page[data-loaded=true]').waitFor({ timeout: 15_000 });
}

test('most recently active first, A–Z remembered, counts in words', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url);
  const amir = await addCustomer(page, server.url, 'Amir', '0812 1111 0001');
  const bella = await addCustomer(page, server.url, 'Bella', '0812 1111 0002');
  await addCustomer(page, server.url, 'Cahya', '0812 1111 0003');
  const addedAt = Date.now();

  // Newest first to begin with; "Recent" is the chosen order.
  await toList(page);
  await expectNames(page, ['Cahya', 'Bella', 'Amir']);
  assert.equal(await sortBy(page, 'Recent').getAttribute('aria-pressed'), 'true');
  await visible(page.locator('.count', { hasText: /^3 customers$/ }));

  // Another tab shows the list too.
  const other = await context.newPage();
  await toList(other);
  await expectNames(other, ['Cahya', 'Bella', 'Amir']);

  // A contact logged on Amir moves him to the top, here and in the other tab. The form dates it
  // to the minute (12:34:00), and "recent" goes by the contact's date: log it in a later minute
  // than the one Cahya was added in, as an owner would.
  const minute = 60_000;
  const wait = Math.floor(addedAt / minute) * minute + minute + 500 - Date.now();
  if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
  await page.goto(`${server.url}#/customers/${amir}`);
  await page.getByRole('link', { name: 'Log WhatsApp' }).tap();
  await page.getByLabel('What was it about?').fill('Asked about the price');
  await page.getByRole('button', { name: 'Save', exact: true }).tap();
  await visible(page.getByRole('list', { name: 'History' }).getByText('Asked about the price'));
  await toList(page);
  await expectNames(page, ['Amir', 'Cahya', 'Bella']);
  await expectNames(other, ['Amir', 'Cahya', 'Bella']);
  await screenshot(page, 'list-order-recent');

  // A–Z is one tap away, and stays chosen after a reload.
  await sortBy(page, 'A–Z').tap();
  await expectNames(page, ['Amir', 'Bella', 'Cahya']);
  assert.equal(await sortBy(page, 'A–Z').getAttribute('aria-pressed'), 'true');
  await page.reload();
  await page.locator('.list-page[data-loaded=true]').waitFor({ timeout: 15_000 });
  await expectNames(page, ['Amir', 'Bella', 'Cahya']);
  assert.equal(await sortBy(page, 'A–Z').getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'list-order-az');

  // "Owes most" too.
  await sortBy(page, 'Owes most').tap();
  assert.equal(await sortBy(page, 'Owes most').getAttribute('aria-pressed'), 'true');
  await sortBy(page, 'A–Z').tap();

  // Delete two: the count says "1 customer".
  for (const id of [amir, bella]) {
    await page.goto(`${server.url}#/customers/${id}/edit`);
    await page.getByRole('button', { name: 'Delete customer' }).tap();
    await visible(page.getByText(/moved to the Trash/));
  }
  await toList(page);
  await expectNames(page, ['Cahya']);
  await visible(page.locator('.count', { hasText: /^1 customer$/ }));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the storage figure on Backup follows a restore', { timeout: 150_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url + '#/backup');
  const usage = page.getByText(/^Using /);
  await visible(usage);
  const before = await usage.textContent();

  // A backup of 4,000 customers with long notes (≈ 8 MB of records).
  const n = 4000;
  const notes = 'Prefers delivery in the morning. '.repeat(60);
  const customers = Array.from({ length: n }, (_, i) => ({
    id: `0194${String(i).padStart(8, '0')}-${'a'.repeat(20)}`,
    name: `Customer ${i}`,
    notes,
    status: 'customer',
    marketing_consent: false,
    created_at: 1736817600000 + i,
    updated_at: 1736817600000 + i,
  }));
  const backup = {
    format: 'rapport-backup', version: 2, exported_at: 1741939200000, app_version: '0.1.0', device_id: 'd-e2e',
    settings: { business_name: 'Toko Besar', country: 'ID', currency: 'IDR', language: 'en', backup_reminder_days: 7, updated_at: 1736800000000 },
    counts: { customers: n, interactions: 0, purchases: 0, payments: 0, tasks: 0, cases: 0, deals: 0, templates: 0, campaigns: 0, segments: 0 },
    customers, interactions: [], purchases: [], payments: [], tasks: [], cases: [], deals: [], templates: [], campaigns: [], segments: [],
  };
  const dir = await mkdtemp(join(tmpdir(), 'rapport-order-'));
  const path = join(dir, 'big.json');
  await writeFile(path, JSON.stringify(backup));

  await page.getByLabel('Backup file').setInputFiles(path);
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/));
  // Without a reload, the figure changes.
  const end = Date.now() + 15_000;
  let after = before;
  while (after === before && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 200));
    after = await usage.textContent();
  }
  assert.notEqual(after, before, `still "${before}" after the restore`);
  await screenshot(page, 'list-order-storage');
  assert.deepEqual(errors, []);
  await context.close();
});
