// Analytics: restore a small backup (dates relative to today), read the dashboard's numbers,
// change the period, look at the charts in light and dark mode, build a segment and watch its
// count, add a deal and move it to Won with its purchase.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, ARTIFACTS, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
const DAY = 86_400_000;

/** A v1 backup: 4 customers, 4 purchases, 2 contacts, dated relative to `now`. */
function fixture(now) {
  const t = (days) => now - days * DAY;
  const customer = (id, name, days, extra = {}) => ({ id, name, status: 'customer', marketing_consent: true, created_at: t(days), updated_at: t(days), ...extra });
  const purchase = (id, cid, days, total, paid) => ({ id, customer_id: cid, at: t(days), total, paid, created_at: t(days), updated_at: t(days) });
  const contact = (id, cid, kind, days) => ({ id, customer_id: cid, kind, direction: 'in', at: t(days), created_at: t(days), updated_at: t(days) });
  const customers = [
    customer('c-siti', 'Siti Rahma', 100, { tags: ['VIP'], phone: '+6281234567890', phone_e164: '+6281234567890' }),
    customer('c-budi', 'Budi Santoso', 45),
    customer('c-citra', 'Citra Dewi', 10),
    customer('c-dewi', 'Dewi Lestari', 10, { tags: ['VIP'], status: 'lead' }),
  ];
  const purchases = [
    purchase('p1', 'c-siti', 40, 100000, 100000),
    purchase('p2', 'c-siti', 5, 200000, 200000),
    purchase('p3', 'c-budi', 35, 50000, 0),
    purchase('p4', 'c-citra', 8, 300000, 300000),
  ];
  const interactions = [contact('i1', 'c-siti', 'whatsapp', 3), contact('i2', 'c-citra', 'call', 7)];
  return {
    format: 'rapport-backup', version: 1, exported_at: now, app_version: '0.1.0', device_id: 'd-e2e',
    counts: { customers: 4, interactions: 2, purchases: 4, payments: 0, tasks: 0, cases: 0 },
    settings: { business_name: 'Dewi Cakes', country: 'ID', currency: 'IDR', language: 'id', backup_reminder_days: 7, updated_at: now },
    customers, interactions, purchases, payments: [], tasks: [], cases: [],
  };
}

/** The value shown on the KPI card called `label`. */
async function kpi(page, label) {
  const card = page.getByRole('list', { name: 'Key numbers' }).getByRole('listitem')
    .filter({ has: page.getByText(label, { exact: true }) });
  return (await card.locator('.kpi-value').innerText()).replace(/\s+/g, ' ').trim();
}

test('dashboard, charts, segments and deals', { timeout: 150_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID', acceptDownloads: true });
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'analytics-fixture.json');
  await writeFile(file, JSON.stringify(fixture(Date.now())));

  // Restore the fixture through the Backup page.
  await page.goto(server.url + '#/backup');
  await page.getByLabel('Backup file').setInputFiles(file);
  await visible(page.getByText('4 customers', { exact: true }));
  await page.getByRole('button', { name: 'Replace my data' }).tap();
  await page.getByRole('button', { name: 'Yes, replace' }).tap();
  await visible(page.getByText(/replaced by the backup/));

  // The dashboard, last 30 days: computed by hand from the fixture.
  await page.goto(server.url + '#/reports');
  await page.getByLabel('Period').selectOption({ label: 'Last 30 days' });
  await visible(page.getByRole('list', { name: 'Key numbers' }));
  assert.equal(await kpi(page, 'Revenue'), 'Rp 500.000');          // 200.000 + 300.000
  assert.equal(await kpi(page, 'Orders'), '2');
  assert.equal(await kpi(page, 'Average order'), 'Rp 250.000');
  assert.equal(await kpi(page, 'Active customers'), '2');            // Siti, Citra
  assert.equal(await kpi(page, 'New customers'), '2 · 1 first-time buyer'); // Citra, Dewi; Citra bought
  assert.equal(await kpi(page, 'Retention rate'), '50%');            // Siti and Budi bought before; Siti again
  assert.equal(await kpi(page, 'Repeat-purchase rate'), '33%');      // Siti of 3 buyers
  assert.equal(await kpi(page, 'Customer lifetime value'), 'Rp 216.667'); // 650.000 ÷ 3
  assert.equal(await kpi(page, 'Owed to you'), 'Rp 50.000');         // Budi
  assert.equal(await kpi(page, 'Marketing cost and return'), '—');   // no campaigns yet
  // The formula is in the help text.
  const revenueCard = page.getByRole('list', { name: 'Key numbers' }).getByRole('listitem').filter({ has: page.getByText('Retention rate', { exact: true }) });
  await revenueCard.getByText('How is this counted?').tap();
  await visible(revenueCard.getByText(/share who bought again/));

  // Change the period: last 90 days holds all four purchases; nobody bought in the 90 days before.
  await page.getByLabel('Period').selectOption({ label: 'Last 90 days' });
  await visible(page.getByRole('list', { name: 'Key numbers' }).getByText('Rp 650.000', { exact: true }));
  assert.equal(await kpi(page, 'Revenue'), 'Rp 650.000');
  assert.equal(await kpi(page, 'Retention rate'), '—');
  assert.equal(await kpi(page, 'Active customers'), '3');

  // Charts, each with a table alternative; light and dark.
  for (const name of ['Revenue by month', 'Contacts by channel', 'Customers by RFM', 'Deals: value by stage']) {
    await visible(page.getByRole('img', { name }));
  }
  await page.getByRole('heading', { name: 'Revenue by month' }).scrollIntoViewIfNeeded();
  await screenshot(page, '80-dashboard-charts-light');
  await page.getByRole('heading', { name: 'Customers by RFM' }).scrollIntoViewIfNeeded();
  await screenshot(page, '81-rfm-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '82-rfm-dark');
  await page.getByRole('heading', { name: 'Revenue by month' }).scrollIntoViewIfNeeded();
  await screenshot(page, '83-dashboard-charts-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, '84-dashboard-top');

  // A segment: VIP customers (Siti, Dewi), then only those with 2+ purchases (Siti).
  await page.goto(server.url + '#/segments');
  await page.getByRole('link', { name: 'New segment' }).tap();
  await page.getByLabel('Name', { exact: true }).fill('VIP regulars');
  await visible(page.getByRole('status').getByText('4 customers'));
  await page.getByLabel('Has one of these tags (comma between)').fill('vip');
  await visible(page.getByRole('status').getByText('2 customers'));
  await page.getByLabel('At least … purchases').fill('2');
  await visible(page.getByRole('status').getByText('1 customer'));
  await visible(page.getByRole('list', { name: 'Customers in this segment' }).getByText('Siti Rahma'));
  await screenshot(page, '85-segment');
  await page.getByRole('button', { name: 'Save segment' }).tap();
  await visible(page.getByText('Segment saved.'));
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export these customers (CSV)' }).tap(),
  ]);
  const csvPath = join(ARTIFACTS, csv.suggestedFilename());
  await csv.saveAs(csvPath);
  assert.equal(csv.suggestedFilename(), 'rapport-vip-regulars.csv');
  await page.goto(server.url + '#/segments');
  await visible(page.getByRole('link', { name: /VIP regulars.*1 customer/ }));
  // Deleting a segment offers Undo, which brings it back.
  await page.getByRole('link', { name: /VIP regulars/ }).tap();
  await page.getByRole('button', { name: 'Delete segment' }).tap();
  await visible(page.getByText('Segment “VIP regulars” deleted.'));
  await expectCount(page.getByRole('link', { name: /VIP regulars/ }), 0);
  await page.getByRole('button', { name: 'Undo' }).tap();
  await visible(page.getByRole('link', { name: /VIP regulars.*1 customer/ }));

  // The lead grade on Siti's page explains itself.
  await page.goto(server.url + '#/customers/c-siti');
  await visible(page.getByText(/^Lead grade [A-D] · \d+ points$/));
  await visible(page.getByText(/bought once in 60 days|in touch 3 days ago/).first());
  await page.getByRole('region', { name: 'Lead grade' }).scrollIntoViewIfNeeded();
  await screenshot(page, '88-customer-grade');

  // A deal for Siti, then won on the board with its purchase (not paid yet).
  await page.getByRole('link', { name: 'Deal', exact: true }).tap();
  await page.getByLabel('What is the deal?').fill('Wedding cake');
  await page.getByLabel('Value (optional)').fill('350000');
  await page.getByRole('button', { name: 'Save deal' }).tap();
  await visible(page.getByText('Deal saved.'));
  await page.goto(server.url + '#/pipeline');
  await visible(page.getByRole('tab', { name: 'New (1)' }));
  await screenshot(page, '86-pipeline');
  await page.getByLabel('Move Wedding cake to').selectOption({ label: 'Won' });
  await page.getByRole('button', { name: 'Yes, not paid yet' }).tap();
  await visible(page.getByText('Moved to Won. Purchase saved.'));
  await visible(page.getByRole('tab', { name: 'Won (1)' }));
  await page.getByRole('tab', { name: 'Won (1)' }).tap();
  await visible(page.getByRole('list', { name: 'Won' }).getByText('Wedding cake'));
  await screenshot(page, '87-pipeline-won');
  await page.goto(server.url + '#/customers/c-siti');
  await visible(page.getByText('Owes Rp 350.000'));

  assert.deepEqual(errors, []);
  await context.close();
});
