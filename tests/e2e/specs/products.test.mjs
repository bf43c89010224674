// Products (issue 16): a product with a photo (a PNG made here, shrunk on the phone to a JPEG of at
// most 60 KB and kept as a Blob), its stock count and low-stock level; the CSV export and an
// import that updates one product and adds another (and a bad file refused row by row); stock
// dropping after a sale (a purchase with a product line written through IndexedDB, as the purchase
// form's product picker is another helper's) shows the product on Today's Low stock card; archive.
// Screenshots of the list and the form at 390 and 360 px, light and dark, in es and id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, expectCount, ARTIFACTS } from '../lib.mjs';
import { addCustomer } from '../app.mjs';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

/** A busy 1600×1200 PNG (noise over a gradient: it does not compress well), as a file. */
async function bigPng() {
  const png = new PNG({ width: 1600, height: 1200 });
  let seed = 7;
  for (let i = 0; i < png.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const p = i / 4, x = p % 1600, y = Math.floor(p / 1600);
    png.data[i] = (x / 7 + (seed & 63)) & 255;
    png.data[i + 1] = (y / 5 + ((seed >> 6) & 63)) & 255;
    png.data[i + 2] = ((x + y) / 11 + ((seed >> 12) & 63)) & 255;
    png.data[i + 3] = 255;
  }
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'products-input.png');
  await writeFile(path, PNG.sync.write(png));
  return path;
}

/** The stored photos: [{id, type, size}]. */
const photos = (page) => page.evaluate(async () => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  const all = await new Promise((ok, ko) => {
    const r = db.transaction('product_photos').objectStore('product_photos').getAll();
    r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  db.close();
  return all.map((e) => ({ id: e.id, type: e.blob.type, size: e.blob.size }));
});

/** Writes a sale of `quantity` of product `pid` for customer `cid`, now, straight into IndexedDB. */
const sell = (page, cid, pid, quantity) => page.evaluate(async ([cid, pid, quantity]) => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  const tx = db.transaction('purchases', 'readwrite');
  const at = Date.now();
  tx.objectStore('purchases').put({ id: `sale-${at}`, customer_id: cid, at,
    lines: [{ item: 'Pandan cake', quantity, unit_price: 150000, product_id: pid }],
    total: 150000 * quantity, paid: 150000 * quantity, created_at: at, updated_at: at });
  await new Promise((ok, ko) => { tx.oncomplete = ok; tx.onerror = ko; });
  db.close();
}, [cid, pid, quantity]);

async function addProduct(page, base, { name, price, category = '', stock = '', low = '', photo }) {
  await page.goto(base + '#/products/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Price', { exact: true }).fill(price);
  if (category) await page.getByLabel('Category (optional)').fill(category);
  if (photo) {
    await page.getByLabel('Take or choose a photo').setInputFiles(photo);
    await visible(page.getByRole('img', { name: `Photo of ${name}` }));
  }
  if (stock) await page.getByLabel('Stock count (optional)').fill(stock);
  if (low) await page.getByLabel('Warn on Today at or below').fill(low);
  await page.getByRole('button', { name: 'Save product' }).click();
  await visible(page.getByRole('list', { name: 'Products' }).getByText(name, { exact: true }));
}

test('a product with a photo, stock, CSV out and in, low stock on Today, archive; screenshots', { timeout: 240_000 }, async () => {
  const { page, context, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url + '#/more');
  await page.getByRole('link', { name: /^Products/ }).click();
  await visible(page.getByText('No products yet.', { exact: false }));

  // Typed problems in words, nothing saved.
  await page.getByRole('link', { name: 'Add a product' }).click();
  await page.getByLabel('Price', { exact: true }).fill('-5');
  await page.getByRole('button', { name: 'Save product' }).click();
  await visible(page.getByText('Enter a name'));
  await visible(page.getByText('Cannot be below zero'));

  const png = await bigPng();
  await addProduct(page, server.url, { name: 'Pandan cake', price: '150.000', category: 'Cakes', stock: '5', low: '2', photo: png });
  await visible(page.getByText('Product saved'));
  const list = page.getByRole('list', { name: 'Products' });
  await visible(list.getByText('5 in stock'));
  await visible(list.getByRole('img', { name: 'Photo of Pandan cake' }));
  const stored = await photos(page);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].type, 'image/jpeg');
  assert.ok(stored[0].size > 1000 && stored[0].size <= 60 * 1024, `photo of ${stored[0].size} B`);
  await addProduct(page, server.url, { name: 'Candles', price: '5000' });
  await expectCount(list.getByRole('listitem'), 2);

  // Search by name or category.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('cake');
  await expectCount(list.getByRole('listitem'), 1);
  await page.getByRole('searchbox', { name: 'Search products' }).fill('');

  // Export: one line per product, stock now.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^rapport-products-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  assert.equal(text, 'name,price,category,stock,low_stock,archived\r\nCandles,5000,,,,no\r\nPandan cake,150000,Cakes,5,2,no\r\n');

  // A bad file: every bad row named, nothing imported.
  const bad = join(ARTIFACTS, 'products-bad.csv');
  await writeFile(bad, 'name,price,stock\nTea,abc,\n,100,\n');
  await page.getByLabel('Import CSV').setInputFiles(bad);
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await visible(alert);
  await visible(alert.getByText(/^Row 2: Price/));
  await visible(alert.getByText('Row 3: Name: Enter a name'));
  await expectCount(list.getByRole('listitem'), 2);

  // The exported file edited: Candles costs more, a new product; Pandan cake as it was.
  const edited = join(ARTIFACTS, 'products-edited.csv');
  await writeFile(edited, text.replace('Candles,5000', 'Candles,6000') + 'Lilin aroma,7000,Candles,10,,no\r\n');
  await page.getByLabel('Import CSV').setInputFiles(edited);
  await visible(page.getByText('3 products imported'));
  await expectCount(list.getByRole('listitem'), 3);
  await visible(list.getByRole('listitem').filter({ hasText: 'Candles' }).first().getByText(/Rp\s?6\.000/));
  await visible(list.getByRole('listitem').filter({ hasText: 'Pandan cake' }).getByText('5 in stock'));
  assert.equal((await photos(page)).length, 1, 'the photo stays');
  await screenshot(page, 'products-list-en-light');

  // Sales lower the stock: at 2 (the level), Pandan cake is on Today's Low stock card.
  const pid = await page.evaluate(async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const all = await new Promise((ok) => { const r = db.transaction('products').objectStore('products').getAll(); r.onsuccess = () => ok(r.result); });
    db.close();
    return all.find((p) => p.name === 'Pandan cake').id;
  });
  const cid = await addCustomer(page, server.url, 'Siti Rahma', '+62 812 3456 7890');
  await page.goto(server.url + '#/');
  await visible(page.getByRole('heading', { name: 'Payment reminders' }).or(page.locator('.today-hello')));
  assert.equal(await page.locator('#today-low').count(), 0, 'nothing low yet');
  await sell(page, cid, pid, 3);
  await page.reload();
  const low = page.locator('section', { has: page.getByRole('heading', { name: 'Low stock' }) });
  await visible(low);
  await visible(low.getByRole('link', { name: /Pandan cake\s*2 left/ }));
  await screenshot(page, 'products-today-low-en-light');
  await page.goto(server.url + '#/products');
  await visible(list.getByRole('listitem').filter({ hasText: 'Pandan cake' }).getByText('2 in stock'));
  await visible(list.getByRole('listitem').filter({ hasText: 'Pandan cake' }).getByText('Low stock'));

  // Archive Candles: gone from the list, back with "Show archived".
  await list.getByRole('link', { name: /^Candles/ }).click();
  await page.getByLabel('Archived: kept for history, not offered in sales').check();
  await page.getByRole('button', { name: 'Save product' }).click();
  await visible(page.getByText('Product saved'));
  await expectCount(list.getByRole('listitem'), 2);
  await page.getByLabel('Show archived').check();
  await expectCount(list.getByRole('listitem'), 3);
  await visible(list.getByRole('listitem').filter({ hasText: 'Candles' }).getByText('Archived', { exact: true }));

  // A backup carries the photo only when the owner includes it (a data URL of the JPEG).
  await page.goto(server.url + '#/backup');
  await page.getByLabel(/Include product photos/).check();
  await page.getByRole('button', { name: 'Prepare backup' }).tap();
  await visible(page.getByText(/^Ready: rapport-backup-/));
  const [bk] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).tap()]);
  const file = JSON.parse(await readFile(await bk.path(), 'utf8'));
  assert.equal(file.version, 4);
  assert.equal(file.products.length, 3);
  assert.equal(file.product_photos.length, 1);
  assert.equal(file.product_photos[0].id, pid);
  assert.match(file.product_photos[0].data_url, /^data:image\/jpeg;base64,\/9j\//);
  assert.ok(Buffer.from(file.product_photos[0].data_url.split(',')[1], 'base64').length <= 60 * 1024);
  assert.equal(file.purchases[0].lines[0].product_id, pid);

  // Screenshots: the list and the form, es and id, light and dark, 390 and 360 px.
  if (await page.locator('.toast-close').count()) await page.locator('.toast-close').click();
  for (const [lang, title] of [['es', 'Productos'], ['id', 'Produk']]) {
    await page.goto(server.url + '#/settings');
    await page.locator('#s-language').selectOption(lang);
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(server.url + '#/products');
        await visible(page.locator('.topbar-title', { hasText: title }));
        await expectCount(page.locator('.product-rows li'), 2);
        await page.locator('.product-thumb img').first().waitFor();
        await screenshot(page, `products-list-${lang}-${width}-${scheme}`);
        await page.goto(`${server.url}#/products/${encodeURIComponent(pid)}`);
        await page.locator('.product-form .product-thumb img').waitFor();
        await screenshot(page, `products-form-${lang}-${width}-${scheme}`);
        await page.goto(server.url + '#/');
        await page.locator('#today-low').waitFor();
        await page.locator('#today-low').scrollIntoViewIfNeeded();
        await screenshot(page, `products-today-${lang}-${width}-${scheme}`);
      }
    }
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scroll at 360 px: ${overflow}`);
  assert.deepEqual(errors, []);
  await context.close();
});
