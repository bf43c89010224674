// Selling from products (issue 16): a product with a photo is sold twice and refunded once through
// the purchase form's "Pick a product" (a lazy chunk: nothing of it in the first load); Reports'
// "Best sellers" shows its row right; the catalogue page's HTML file opens with JavaScript off and
// no network, shows the photo, and its wa.me links carry each product's name and price.
// Screenshots of the picker, the best sellers and the catalogue at 390 and 360 px, light and dark,
// in Spanish and Indonesian. (Points are h2's spec; the products are written straight into
// IndexedDB: the Products page is h1's.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, ARTIFACTS } from '../lib.mjs';
import { addCustomer } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

/** Two products (one with a JPEG photo drawn on a canvas) and one archived, written into IndexedDB. */
async function seedProducts(page) {
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 240; canvas.height = 240;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#6b3e26'; ctx.fillRect(0, 0, 240, 240);
    ctx.fillStyle = '#f5d0a9'; ctx.fillRect(40, 90, 160, 60);
    const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.8));
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const tx = db.transaction(['products', 'product_photos'], 'readwrite');
    const now = Date.now();
    const old = now - 40 * 86_400_000;
    tx.objectStore('products').put({ id: 'p-cake', name: 'Kue Cokelat & Keju', price: 150000, category: 'Kue',
      stock: { count: 10, at: old }, photo_at: old, created_at: old, updated_at: old });
    tx.objectStore('products').put({ id: 'p-tea', name: 'Es Teh', price: 8000, category: 'Minuman', created_at: old, updated_at: old });
    tx.objectStore('products').put({ id: 'p-old', name: 'Kue Lama', price: 5000, archived: true, created_at: old, updated_at: old });
    tx.objectStore('product_photos').put({ id: 'p-cake', blob, updated_at: old });
    await new Promise((ok, ko) => { tx.oncomplete = ok; tx.onerror = ko; });
    db.close();
  });
}

/** A purchase through the form with the picker: `picks` = [[query, product button name, qty, price?]]. */
async function sell(page, base, id, picks) {
  await page.goto(`${base}#/customers/${id}`);
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  await page.goto(`${base}#/customers/${id}/new/purchases`);
  await page.getByRole('radio', { name: 'Item by item' }).check();
  for (const [i, [query, name, qty, price]] of picks.entries()) {
    await page.getByRole('button', { name: 'Pick a product' }).click();
    const search = page.getByRole('searchbox', { name: 'Search products' });
    await visible(search);
    await search.fill(query);
    await page.getByRole('button', { name }).click();
    await visible(page.getByLabel(`Quantity of item ${i + 1}`));
    await page.getByLabel(`Quantity of item ${i + 1}`).fill(String(qty));
    if (price) await page.getByLabel(`Price of item ${i + 1}`).fill(price);
  }
  await page.getByRole('button', { name: 'Save purchase' }).click();
  await visible(page.getByRole('list', { name: 'History' }));
}

/** The purchases' lines as stored. */
async function storedLines(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const all = await new Promise((ok) => { const r = db.transaction('purchases').objectStore('purchases').getAll(); r.onsuccess = () => ok(r.result); });
    db.close();
    return all.map((p) => ({ total: p.total, lines: p.lines ?? [] }));
  });
}

test('sold twice and refunded once through the picker; best sellers; the catalogue works offline without JavaScript', { timeout: 240_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url + '#/settings');
  await page.getByLabel('Business name').fill('Dewi Cakes');
  await page.getByLabel('Business phone').fill('0812-1111-2222');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await visible(page.getByText('Settings saved.'));
  await seedProducts(page);

  const id = await addCustomer(page, server.url, 'Siti Rahma', '+62 812 3456 7890');
  // The picker's code is not in the first load: no chunk is fetched until "Pick a product".
  await page.goto(`${server.url}#/customers/${id}/new/purchases`);
  await page.getByRole('radio', { name: 'Item by item' }).check();
  await page.getByRole('button', { name: 'Pick a product' }).click();
  const search = page.getByRole('searchbox', { name: 'Search products' });
  await visible(search);
  // Accents and case do not matter; the archived product is not offered; the category finds too.
  await search.fill('KUE');
  await visible(page.getByRole('button', { name: /^Add Kue Cokelat & Keju · Rp\s150\.000$/ }));
  assert.equal(await page.getByRole('button', { name: /Kue Lama/ }).count(), 0);
  await search.fill('minuman');
  await visible(page.getByRole('button', { name: /^Add Es Teh/ }));
  await search.fill('zzz');
  await visible(page.getByText(/No product matches/));
  await screenshot(page, 'selling-picker-en-light');

  // Sold twice (2, then 1 with a free-text line beside it), refunded once (1 at −150.000).
  await sell(page, server.url, id, [['kue', /^Add Kue Cokelat/, 2]]);
  await page.goto(`${server.url}#/customers/${id}`);
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  await page.goto(`${server.url}#/customers/${id}/new/purchases`);
  await page.getByRole('radio', { name: 'Item by item' }).check();
  await page.getByLabel('Item 1', { exact: true }).fill('Candle');
  await page.getByLabel('Price of item 1').fill('5000');
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByRole('button', { name: 'Pick a product' }).click();
  await page.getByRole('searchbox', { name: 'Search products' }).fill('cokelat');
  await page.getByRole('button', { name: /^Add Kue Cokelat/ }).click();
  // The price is prefilled (and editable).
  assert.equal(await page.getByLabel('Price of item 2').inputValue(), '150000');
  await page.getByRole('button', { name: 'Save purchase' }).click();
  await visible(page.getByRole('list', { name: 'History' }));
  await sell(page, server.url, id, [['kue', /^Add Kue Cokelat/, 1, '-150000']]);

  // Stored: every picked line names its product (stock is counted from these lines).
  const stored = await storedLines(page);
  const cake = stored.flatMap((p) => p.lines.filter((l) => l.product_id === 'p-cake').map((l) => (p.total > 0 ? -1 : 1) * l.quantity));
  assert.deepEqual(cake.sort(), [-1, -2, 1].sort());
  // Stock 10 − 2 − 1 + 1 = 8.
  assert.equal(10 + cake.reduce((a, b) => a + b, 0), 8);
  assert.ok(stored.some((p) => p.lines.some((l) => l.item === 'Candle' && l.product_id === undefined)));

  // Reports → Best sellers: 2 sold (3 − 1 refunded), Rp 300.000; the candle under Other.
  await page.goto(server.url + '#/reports');
  const byRevenue = page.getByRole('table', { name: 'By revenue' });
  await visible(byRevenue);
  const cakeRow = byRevenue.getByRole('row', { name: /Kue Cokelat & Keju/ });
  await visible(cakeRow);
  assert.match(await cakeRow.innerText(), /Rp\s300\.000/);
  assert.match(await byRevenue.getByRole('row', { name: /Other \(not from the product list\)/ }).innerText(), /Rp\s5\.000/);
  const qtyRow = page.getByRole('table', { name: 'By quantity sold' }).getByRole('row', { name: /Kue Cokelat & Keju/ });
  assert.match(await qtyRow.locator('td .money').innerText(), /^2$/);
  await visible(page.getByRole('table', { name: 'Slow movers' }).getByRole('row', { name: /Es Teh/ }));
  await page.getByRole('heading', { name: 'Best sellers' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'selling-best-sellers-en-light');

  // The catalogue: both products on offer, the file downloaded.
  await page.goto(server.url + '#/catalogue');
  const list = page.getByRole('list', { name: 'Products on offer' });
  await visible(list);
  assert.equal(await list.getByRole('checkbox').count(), 2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the page' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'catalogue-dewi-cakes.html');
  const html = await readFile(await download.path(), 'utf8');
  // Kept with its name (the download's own path has no extension: it would open as text).
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'selling-catalogue.html');
  await writeFile(path, html);
  assert.ok(!/<script/i.test(html), 'no script');
  await screenshot(page, 'selling-catalogue-en-light');
  // One image per product, with a QR of the order link.
  await page.getByRole('button', { name: 'Make images' }).click();
  await visible(page.getByRole('img', { name: /Kue Cokelat & Keju, Rp\s150\.000, with a QR code/ }));

  // Opened with JavaScript off and no network at all.
  const offline = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 390, height: 844 } });
  const requests = [];
  offline.on('request', (r) => requests.push(r.url()));
  const view = await offline.newPage();
  await view.goto('file://' + path);
  await visible(view.getByRole('heading', { name: 'Dewi Cakes — catalogue', level: 1 }));
  const photo = view.getByRole('img', { name: 'Photo of Kue Cokelat & Keju' });
  await visible(photo);
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth === 240), 'the photo is drawn from the file');
  const links = await view.getByRole('link', { name: 'Order on WhatsApp' }).evaluateAll((as) => as.map((a) => a.href));
  assert.equal(links.length, 2);
  const texts = links.map((l) => {
    assert.match(l, /^https:\/\/wa\.me\/6281211112222\?text=/);
    return decodeURIComponent(l.split('text=')[1]);
  });
  assert.match(texts[0], /^Hello! I would like to order Es Teh \(Rp\s8\.000\)\.$/);
  assert.match(texts[1], /^Hello! I would like to order Kue Cokelat & Keju \(Rp\s150\.000\)\.$/);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
  await view.screenshot({ path: join(ARTIFACTS, 'selling-catalogue-file.png'), fullPage: true });
  await offline.close();

  // Spanish and Indonesian, light and dark, at 390 and 360 px.
  for (const [lang, pick, catalogueTitle] of [['es', 'Elegir un producto', 'Catálogo'], ['id', 'Pilih produk', 'Katalog']]) {
    await page.goto(server.url + '#/settings');
    await page.locator('#s-language').selectOption(lang);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [390, 360]) {
        await page.setViewportSize({ width, height: 844 });
        await page.goto(`${server.url}#/customers/${id}/new/purchases`);
        await page.locator('input[name=mode]').nth(1).check();
        await page.getByRole('button', { name: pick }).click();
        await visible(page.locator('.picker-search'));
        await page.locator('.picker-search').fill('kue');
        await visible(page.locator('.picker-row').first());
        await screenshot(page, `selling-picker-${lang}-${scheme}-${width}`);
        await page.goto(server.url + '#/reports');
        await visible(page.locator('#best-sellers'));
        await page.locator('.sellers-table').first().waitFor();
        await page.locator('#best-sellers').scrollIntoViewIfNeeded();
        await screenshot(page, `selling-best-sellers-${lang}-${scheme}-${width}`);
        await page.goto(server.url + '#/catalogue');
        await visible(page.locator('.topbar-title', { hasText: catalogueTitle }));
        await visible(page.locator('.catalogue-row').first());
        await screenshot(page, `selling-catalogue-${lang}-${scheme}-${width}`);
      }
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
