// The Foundation journey at 390x844 with touch: add, find, edit, delete + undo, reload, Trash restore.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

async function addCustomer(page, { name, phone: tel, email, tags }) {
  await page.getByRole('link', { name: 'Add customer' }).tap();
  await visible(page.getByRole('heading', { name: 'New customer' }));
  if (name) await page.getByLabel('Name', { exact: true }).fill(name);
  if (tel) await page.getByLabel('Phone', { exact: true }).fill(tel);
  if (email) await page.getByLabel('Email', { exact: true }).fill(email);
  if (tags) await page.getByLabel('Tags', { exact: true }).fill(tags);
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name: name || tel, level: 2 }));
}

test('customer lifecycle on a phone', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);

  // First run: Today welcomes and teaches.
  await visible(page.getByRole('heading', { name: 'Welcome to Rapport' }));
  await screenshot(page, '01-today-empty');

  // Customers: empty state teaches.
  await nav(page, 'Customers').tap();
  await visible(page.getByRole('heading', { name: 'No customers yet' }));
  await screenshot(page, '02-customers-empty');

  // Validation: an empty form says what to do, in words, and nothing is saved.
  await page.getByRole('link', { name: 'Add customer' }).tap();
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByText('Add a name or a phone number.'));
  await visible(page.getByText("This email doesn't look right"));
  assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
  await screenshot(page, '03-form-errors');
  await page.getByLabel('Email', { exact: true }).fill('');
  await page.getByRole('link', { name: 'Cancel' }).tap();

  // Add three customers; the phone is normalised for the business's country.
  await page.goto(server.url + '#/settings');
  await page.getByLabel('Country').selectOption('ID');
  await page.getByLabel('Business name').fill('Dewi Cakes');
  await page.getByRole('button', { name: 'Save settings' }).tap();
  await visible(page.getByText('Settings saved.'));
  await nav(page, 'Customers').tap();

  await addCustomer(page, { name: 'Siti Rahmawati', phone: '0812-3456-7890', email: 'siti@example.com', tags: 'VIP, kue' });
  await visible(page.getByText('+62 812-3456-7890').first());
  await screenshot(page, '04-customer-detail');
  const wa = page.getByRole('link', { name: 'WhatsApp Siti Rahmawati' });
  assert.equal(await wa.getAttribute('href'), 'https://wa.me/6281234567890');

  // Adding someone with the same phone warns before saving.
  await nav(page, 'Customers').tap();
  await page.getByRole('link', { name: 'Add customer' }).tap();
  await page.getByLabel('Phone', { exact: true }).fill('+62 812 3456 7890');
  await visible(page.getByText(/This looks like/));
  await page.getByRole('link', { name: 'Cancel' }).tap();

  await nav(page, 'Customers').tap();
  await addCustomer(page, { name: 'José Núñez', phone: '+51 987 654 321' });
  await nav(page, 'Customers').tap();
  await addCustomer(page, { name: 'Begoña Martínez', phone: '12-34' });
  // Kept as typed, and the owner is told.
  await page.getByText('Contact details').tap();
  await visible(page.getByText('Kept as typed'));

  // Search: accent-insensitive names, and digits as people type them.
  await nav(page, 'Customers').tap();
  const list = page.getByRole('list', { name: 'Customers' });
  await visible(list);
  await expectCount(list.getByRole('listitem'), 3);
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await search.fill('jose');
  await visible(list.getByText('José Núñez'));
  await expectCount(list.getByRole('listitem'), 1);
  await search.fill('0812 3456');
  await visible(list.getByText('Siti Rahmawati'));
  await expectCount(list.getByRole('listitem'), 1);
  await screenshot(page, '05-search-phone');
  await search.fill('nobody here');
  await visible(page.getByRole('heading', { name: 'No one matches' }));
  await search.fill('');
  await screenshot(page, '06-customers-list');

  // Edit.
  await list.getByRole('link', { name: /Siti Rahmawati/ }).tap();
  await page.getByRole('link', { name: 'Edit' }).tap();
  await visible(page.getByRole('heading', { name: 'Edit customer' }));
  await page.getByLabel('Name', { exact: true }).fill('Siti Rahma');
  await page.getByRole('radio', { name: 'Customer' }).check();
  await page.getByRole('button', { name: 'Save changes' }).tap();
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  await visible(page.getByText('Changes saved.'));

  // Delete (from the edit page), then Undo from the toast.
  await page.getByRole('link', { name: 'Edit' }).tap();
  await page.getByRole('button', { name: 'Delete customer' }).tap();
  await visible(page.getByText('Siti Rahma moved to the Trash.'));
  await expectCount(list.getByRole('listitem'), 2);
  await screenshot(page, '07-deleted-undo');
  await page.getByRole('button', { name: 'Undo' }).tap();
  await visible(list.getByText('Siti Rahma'));
  await expectCount(list.getByRole('listitem'), 3);

  // Delete José for real, reload: the data is still there and José is in the Trash.
  await list.getByRole('link', { name: /José Núñez/ }).tap();
  await page.getByRole('link', { name: 'Edit' }).tap();
  await page.getByRole('button', { name: 'Delete customer' }).tap();
  await visible(page.getByText('José Núñez moved to the Trash.'));
  await page.reload();
  await visible(page.getByRole('list', { name: 'Customers' }));
  await expectCount(page.getByRole('list', { name: 'Customers' }).getByRole('listitem'), 2);
  await visible(page.getByText('Siti Rahma'));

  // Trash: restore.
  await nav(page, 'More').tap();
  await page.getByRole('link', { name: /Trash/ }).tap();
  await visible(page.getByRole('list', { name: 'Deleted customers' }).getByText('José Núñez'));
  await screenshot(page, '08-trash');
  await page.getByRole('button', { name: 'Restore José Núñez' }).tap();
  await visible(page.getByRole('heading', { name: 'The Trash is empty' }));
  await nav(page, 'Customers').tap();
  await expectCount(page.getByRole('list', { name: 'Customers' }).getByRole('listitem'), 3);

  // Settings survived the reload too.
  await nav(page, 'Today').tap();
  await visible(page.getByRole('heading', { name: 'Dewi Cakes' }));

  assert.deepEqual(errors, []);
  await context.close();
});

test('dark mode and 360 px still look like an app', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await phone(browser, { colorScheme: 'dark', locale: 'en-ID', viewport: { width: 360, height: 780 } });
  await page.goto(server.url + '#/customers/new');
  await visible(page.getByRole('heading', { name: 'New customer' }));
  await page.getByLabel('Name', { exact: true }).fill('Dewi Lestari');
  await page.getByLabel('Phone', { exact: true }).fill('0271 123456');
  await visible(page.getByText('Saved as +62 271-123456'));
  await screenshot(page, '09-form-dark-360');
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name: 'Dewi Lestari', level: 2 }));
  await screenshot(page, '10-detail-dark-360');
  // Nothing scrolls sideways at 360 px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.deepEqual(errors, []);
  await context.close();
});
