// Own your data: export a backup on one "phone", restore it on a fresh one (same data), and an
// encrypted backup refuses the wrong passphrase and opens with the right one. CSV export downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, ARTIFACTS } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

async function addCustomer(page, name, tel) {
  await page.goto(server.url + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone', { exact: true }).fill(tel);
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name, level: 2 }));
}

async function makeBackup(page, passphrase) {
  await page.goto(server.url + '#/backup');
  await visible(page.getByRole('heading', { name: 'Back up' }));
  if (passphrase) {
    await page.getByLabel('Lock it with a passphrase').check();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByLabel('Passphrase again').fill(passphrase);
  }
  await page.getByRole('button', { name: 'Prepare backup' }).tap();
  await visible(page.getByText(/^Ready: rapport-backup-\d{4}-\d{2}-\d{2}\.json/));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).tap(),
  ]);
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test('backup on one phone, restore on another', { timeout: 150_000 }, async () => {
  const a = await phone(browser, { locale: 'en-ID', acceptDownloads: true });
  await addCustomer(a.page, 'Siti Rahma', '0812 3456 7890');
  await a.page.getByRole('link', { name: 'Purchase', exact: true }).tap();
  await a.page.getByLabel('Total', { exact: true }).fill('75000');
  await a.page.getByRole('radio', { name: 'Not yet' }).check();
  await a.page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(a.page.getByText('Owes Rp 75.000'));
  await addCustomer(a.page, 'José Núñez', '+51 987 654 321');

  const path = await makeBackup(a.page);
  assert.match(path, /rapport-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile(path, 'utf8');
  const head = JSON.parse(text);
  assert.equal(head.format, 'rapport-backup');
  assert.equal(head.version, 4);
  assert.deepEqual(head.product_photos, [], "photos only when the owner includes them");
  assert.equal(head.counts.customers, 2);
  assert.equal(head.counts.purchases, 1);
  await visible(a.page.getByText(/Last backup: just now/));
  await screenshot(a.page, '30-backup-ready');

  // CSV export downloads a spreadsheet with a BOM and both customers.
  const [csv] = await Promise.all([
    a.page.waitForEvent('download'),
    a.page.getByRole('button', { name: 'Export customers (CSV)' }).tap(),
  ]);
  const csvPath = join(ARTIFACTS, csv.suggestedFilename());
  await csv.saveAs(csvPath);
  const csvText = await readFile(csvPath, 'utf8');
  assert.ok(csvText.startsWith('\ufeff'), 'Excel needs the BOM');
  assert.ok(csvText.includes('José Núñez') && csvText.includes('Siti Rahma'));

  // A new phone: empty, then restore.
  const b = await phone(browser, { locale: 'en-ID' });
  await b.page.goto(server.url + '#/backup');
  await b.page.getByLabel('Backup file').setInputFiles(path);
  await visible(b.page.getByText('2 customers', { exact: true }));
  await screenshot(b.page, '31-restore-preview');
  await b.page.getByRole('button', { name: 'Merge into my data' }).tap();
  await visible(b.page.getByText(/Merged: 2 customers added/));
  await b.page.goto(server.url + '#/customers');
  const list = b.page.getByRole('list', { name: 'Customers' });
  await visible(list.getByText('Siti Rahma'));
  await visible(list.getByText('José Núñez'));
  await list.getByRole('link', { name: /Siti Rahma/ }).tap();
  await visible(b.page.getByText('Owes Rp 75.000'));

  // Importing the same file again changes nothing.
  await b.page.goto(server.url + '#/backup');
  await b.page.getByLabel('Backup file').setInputFiles(path);
  await b.page.getByRole('button', { name: 'Merge into my data' }).tap();
  await visible(b.page.getByText('Nothing new'));

  // A file that is not a backup: a clear message, nothing changes.
  await b.page.getByLabel('Backup file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await visible(b.page.getByRole('alert').filter({ hasText: /not a Rapport backup/ }));
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('an encrypted backup needs the right passphrase', { timeout: 150_000 }, async () => {
  const a = await phone(browser, { locale: 'en-PE', acceptDownloads: true });
  await addCustomer(a.page, 'Majo Moda', '987 654 321');
  const path = await makeBackup(a.page, 'vestidos de verano');
  assert.match(path, /\.json\.enc$/);
  const text = await readFile(path, 'utf8');
  assert.ok(!text.includes('Majo'), 'nothing readable in the encrypted file');
  assert.equal(JSON.parse(text).format, 'rapport-backup-encrypted');

  const b = await phone(browser, { locale: 'en-PE' });
  await b.page.goto(server.url + '#/backup');
  await b.page.getByLabel('Backup file').setInputFiles(path);
  await visible(b.page.getByText('This backup is locked with a passphrase.'));
  await b.page.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
  await b.page.getByRole('button', { name: 'Unlock' }).tap();
  await visible(b.page.getByRole('alert').filter({ hasText: /doesn't open this backup/ }));
  await screenshot(b.page, '32-wrong-passphrase');
  await b.page.getByLabel('Passphrase', { exact: true }).fill('vestidos de verano');
  await b.page.getByRole('button', { name: 'Unlock' }).tap();
  await visible(b.page.getByText('1 customer', { exact: true }));
  await b.page.getByRole('button', { name: 'Replace my data' }).tap();
  await b.page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(b.page.getByText(/replaced by the backup/));
  await visible(b.page.getByRole('button', { name: 'Undo last import' }));
  await b.page.goto(server.url + '#/customers');
  await visible(b.page.getByRole('list', { name: 'Customers' }).getByText('Majo Moda'));

  // Undo brings back the (empty) phone.
  await b.page.goto(server.url + '#/backup');
  await b.page.getByRole('button', { name: 'Undo last import' }).tap();
  await visible(b.page.getByText(/undone/));
  await b.page.goto(server.url + '#/customers');
  await visible(b.page.getByRole('heading', { name: 'No customers yet' }));
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});
