// Import contacts: a Google Contacts CSV into an empty phone (columns detected, preview, report),
// an iPhone vCard, the same CSV again (everything matches: Update by default, nothing added),
// files that are not contacts (a clear message, nothing changes) and the Contact Picker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const GOOGLE = join(FIXTURES, 'google-contacts.csv');
const IPHONE = join(FIXTURES, 'iphone.vcf');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
const FILE = 'Contacts file (.csv or .vcf)';
/** The text of the option a <select> shows. */
const shown = (select) => select.evaluate((s) => s.selectedOptions[0]?.textContent ?? '');

async function openImport(page) {
  await page.goto(server.url + '#/more');
  await page.getByRole('link', { name: /Import contacts/ }).tap();
  await visible(page.getByRole('heading', { name: 'Import contacts', level: 1 }));
  await visible(page.getByLabel(FILE));
}

async function customerNames(page) {
  await page.goto(server.url + '#/customers');
  const list = page.getByRole('list', { name: 'Customers' });
  await visible(list);
  return list.locator('.row-title').allTextContents();
}

test('a Google Contacts CSV, then the same file again', { timeout: 150_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await openImport(page);
  await visible(page.getByText('Where do I get a contacts file?'));
  // Desktop Chromium has no Contact Picker: no button for it.
  await expectCount(page.getByRole('button', { name: "Pick from my phone's contacts" }), 0);

  await page.getByLabel(FILE).setInputFiles(GOOGLE);
  await visible(page.getByText('Read google-contacts.csv: 7 rows.'));
  await visible(page.getByRole('heading', { name: 'Columns' }));

  // The Google headers are recognised; the owner can see and change them.
  const col = (name) => page.getByLabel(name, { exact: true });
  assert.equal(await shown(col('Name')), 'Not in this file');
  assert.equal(await shown(col('First name')), 'First Name');
  assert.equal(await shown(col('Last name')), 'Last Name');
  assert.equal(await shown(col('Phone')), 'Phone 1 - Value');
  assert.equal(await shown(col('Email')), 'E-mail 1 - Value');
  assert.equal(await shown(col('Tags')), 'Labels');
  assert.equal(await shown(col('Birthday')), 'Birthday');
  await visible(page.getByText('Also read: Phone 2 - Value'));

  // The preview shows the first rows as they will be saved: phones in international form.
  const preview = page.getByRole('table');
  await visible(preview.getByRole('cell', { name: 'Siti Rahmawati' }));
  await visible(preview.getByRole('cell', { name: '+62 812-3456-7890' }));
  await visible(preview.getByRole('cell', { name: 'VIP, Reseller' }));
  await expectCount(preview.getByRole('row'), 1 + 5); // the header row and five contacts

  // Changing a column changes the preview; changing it back restores it.
  await col('Tags').selectOption({ label: 'Not in this file' });
  await expectCount(preview.getByRole('cell', { name: 'VIP, Reseller' }), 0);
  await col('Tags').selectOption({ label: 'Labels' });
  await visible(preview.getByRole('cell', { name: 'VIP, Reseller' }));

  // The plan: six new, and the second "Siti" row has the same phone as the first.
  await visible(page.getByText('6 new customers'));
  await visible(page.getByText('1 matches someone already here'));
  const siti2 = page.getByRole('group', { name: /Siti R\./ });
  await visible(siti2.getByText('Same phone as row 2 of this file (Siti Rahmawati)'));
  assert.equal(await siti2.getByRole('radio', { name: 'Update' }).isChecked(), true);
  await screenshot(page, '40-import-mapping');

  await page.getByRole('button', { name: 'Import 7 contacts' }).tap();
  await visible(page.getByRole('heading', { name: 'Import finished' }));
  await visible(page.getByText('6 added', { exact: true }));
  await visible(page.getByText('1 updated', { exact: true }));
  await visible(page.getByText('0 errors', { exact: true }));
  await screenshot(page, '41-import-report');

  let names = await customerNames(page);
  for (const n of ['Siti R.', 'José Núñez', 'Budi', 'Toko Makmur Jaya', 'dewi.lestari@yahoo.co.id', 'Ana María Quispe']) {
    assert.ok(names.includes(n), `${n} in ${names}`);
  }
  assert.equal(names.length, 6);

  // The same file again: every row matches a customer, Update by default, nothing is added.
  await openImport(page);
  await page.getByLabel(FILE).setInputFiles(GOOGLE);
  await visible(page.getByText('0 new customers'));
  await visible(page.getByText('7 match someone already here'));
  const siti = page.getByRole('group', { name: /Siti Rahmawati/ });
  await visible(siti.getByText('Same phone as Siti R.'));
  assert.equal(await siti.getByRole('radio', { name: 'Update' }).isChecked(), true);
  await visible(page.getByRole('group', { name: /dewi\.lestari/ }).getByText('Same email as dewi.lestari@yahoo.co.id'));
  // "For all": skip everything, then update everything again.
  await page.getByRole('button', { name: 'Skip all' }).tap();
  assert.equal(await siti.getByRole('radio', { name: 'Skip' }).isChecked(), true);
  assert.equal(await page.getByRole('button', { name: 'Nothing to import' }).isDisabled(), true);
  await page.getByRole('button', { name: 'Update all' }).tap();
  await siti.getByRole('radio', { name: 'Update' }).scrollIntoViewIfNeeded();
  await screenshot(page, '42-import-matches');
  await page.getByRole('button', { name: 'Import 7 contacts' }).tap();
  await visible(page.getByRole('heading', { name: 'Import finished' }));
  await visible(page.getByText('0 added', { exact: true }));
  names = await customerNames(page);
  assert.equal(names.length, 6);

  // Files that are not contacts: a clear message, nothing changes.
  await openImport(page);
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x21, 0x00, 0x62, 0xee]);
  await page.getByLabel(FILE).setInputFiles({ name: 'contacts.xlsx', mimeType: 'application/octet-stream', buffer: zip });
  await visible(page.getByRole('alert').filter({ hasText: "isn't a CSV text file" }));
  await expectCount(page.getByRole('heading', { name: 'Columns' }), 0);
  await screenshot(page, '43-import-bad-file');
  await page.getByLabel(FILE).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello,world\nfoo,bar\n') });
  await visible(page.getByRole('alert').filter({ hasText: "couldn't find a name, phone or email column" }));
  await expectCount(page.getByRole('button', { name: /^Import \d/ }), 0);
  await page.getByLabel(FILE).setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await visible(page.getByRole('alert').filter({ hasText: 'This file is empty' }));
  names = await customerNames(page);
  assert.equal(names.length, 6);

  assert.deepEqual(errors, []);
  await context.close();
});

test('an iPhone vCard into an empty phone', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await openImport(page);
  await page.getByLabel(FILE).setInputFiles(IPHONE);
  await visible(page.getByText('Read iphone.vcf: 4 contacts.'));
  // A vCard has no columns to choose.
  await expectCount(page.getByRole('heading', { name: 'Columns' }), 0);
  await visible(page.getByText('4 new customers'));
  await page.getByRole('button', { name: 'Import 4 contacts' }).tap();
  await visible(page.getByText('4 added', { exact: true }));
  const names = await customerNames(page);
  assert.deepEqual([...names].sort(), ['Budi', 'José Núñez', 'Siti Rahmawati', 'Toko Makmur Jaya']);
  await page.getByRole('list', { name: 'Customers' }).getByRole('link', { name: /Siti Rahmawati/ }).tap();
  await visible(page.getByText('+62 812-3456-7890').first());
  assert.deepEqual(errors, []);
  await context.close();
});

test("the phone's contacts, where the Contact Picker exists", { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.addInitScript(() => {
    const contacts = {
      async select(props, opts) {
        window.__picked = { props, opts };
        return [
          { name: ['Rina Wati'], tel: ['0812 7777 8888', '021 555 0000'], email: [] },
          { name: [], tel: [], email: ['toko.rina@example.com'] },
        ];
      },
      async getProperties() { return ['name', 'email', 'tel']; },
    };
    Object.defineProperty(Navigator.prototype, 'contacts', { get: () => contacts, configurable: true });
  });
  await openImport(page);
  await page.getByRole('button', { name: "Pick from my phone's contacts" }).tap();
  await visible(page.getByText("Read your phone's contacts: 2 contacts."));
  const asked = await page.evaluate(() => window.__picked);
  assert.deepEqual(asked, { props: ['name', 'tel', 'email'], opts: { multiple: true } });
  await visible(page.getByText('2 new customers'));
  await page.getByRole('button', { name: 'Import 2 contacts' }).tap();
  await visible(page.getByText('2 added', { exact: true }));
  const names = await customerNames(page);
  assert.deepEqual([...names].sort(), ['Rina Wati', 'toko.rina@example.com']);
  await page.getByRole('list', { name: 'Customers' }).getByRole('link', { name: /Rina Wati/ }).tap();
  await visible(page.getByText('+62 812-7777-8888').first());
  await page.getByText(/Other phones: 021 555 0000/).waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
  await context.close();
});
