// Find duplicates at 390x844 with touch: the same person saved twice (same phone typed two ways),
// each copy with its own history, is found on More → Find duplicates, compared field by field and
// merged: the survivor has both histories, the other copy is in the Trash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });
// Closes a toast left from an earlier step, so that screenshots show the page.
async function dismissToast(page) {
  const close = page.getByRole('button', { name: 'Dismiss' });
  if (await close.isVisible()) await close.tap();
}

async function addCustomer(page, name, tel) {
  await page.goto(server.url + '#/customers/new');
  await visible(page.getByRole('heading', { name: 'New customer' }));
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone', { exact: true }).fill(tel);
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name, exact: true, level: 2 }));
}

test('two copies of one customer are merged into one', { timeout: 150_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url);
  const history = page.getByRole('list', { name: 'History' });

  // Nothing to find yet: the empty state teaches what is looked for.
  await page.goto(server.url + '#/duplicates');
  await visible(page.getByRole('heading', { name: 'No duplicates found 🎉' }));
  await visible(page.getByText(/same phone, the same email or a very similar name/));

  // Siti Rahma with a purchase.
  await addCustomer(page, 'Siti Rahma', '0812-3456-7890');
  await page.getByRole('link', { name: 'Purchase', exact: true }).tap();
  await visible(page.getByRole('heading', { name: 'New purchase' }));
  await page.getByLabel('Total', { exact: true }).fill('150.000');
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(history.getByText('Purchase Rp 150.000'));

  // The same person saved again, the phone typed another way, with a WhatsApp chat.
  await addCustomer(page, 'siti rahma', '+62 812 3456 7890');
  await page.getByRole('link', { name: 'Log WhatsApp' }).tap();
  await visible(page.getByRole('heading', { name: 'Log contact' }));
  await page.getByLabel('What was it about?').fill('Asked for the Eid price list');
  await page.getByRole('button', { name: 'Save', exact: true }).tap();
  await visible(history.getByText('Asked for the Eid price list'));

  // More → Find duplicates shows the pair and why.
  await nav(page, 'More').tap();
  await page.getByRole('link', { name: /Find duplicates/ }).tap();
  await visible(page.getByRole('heading', { name: 'Find duplicates' }));
  const groups = page.getByRole('list', { name: 'Possible duplicates' });
  await visible(groups.getByText('2 customers: same phone, similar name'));
  await visible(groups.getByText('Siti Rahma · siti rahma'));
  await dismissToast(page);
  await screenshot(page, '50-duplicates');

  // Compare: only the fields that differ; the same phone typed two ways is not asked about.
  await groups.getByRole('button', { name: /same phone/ }).tap();
  const nameGroup = page.getByRole('group', { name: 'Name', exact: true });
  await visible(nameGroup);
  await expectCount(page.getByRole('group', { name: 'Phone', exact: true }), 0);
  const first = nameGroup.getByRole('radio', { name: 'Siti Rahma', exact: true });
  const second = nameGroup.getByRole('radio', { name: 'siti rahma', exact: true });
  assert.equal(await first.isChecked(), true, 'the older copy is kept by default');
  await second.check();
  assert.equal(await second.isChecked(), true);
  await first.check();
  assert.equal(await first.isChecked(), true);
  assert.equal(await second.isChecked(), false);
  await screenshot(page, '51-merge-compare');

  // Merge: the survivor's page shows both histories.
  await page.getByRole('button', { name: 'Merge', exact: true }).tap();
  await visible(page.getByText('Merged into Siti Rahma.'));
  await visible(page.getByRole('heading', { name: 'Siti Rahma', exact: true, level: 2 }));
  await visible(history.getByText('Purchase Rp 150.000'));
  await visible(history.getByText('Asked for the Eid price list'));
  await visible(page.getByText('Total spent'));
  assert.match(page.url(), /#\/customers\/[^/]+$/);

  // The other copy is gone from the list, and waits in the Trash.
  await nav(page, 'Customers').tap();
  const list = page.getByRole('list', { name: 'Customers' });
  await visible(list.getByText('Siti Rahma', { exact: true }));
  await expectCount(list.getByRole('link'), 1);
  await expectCount(list.getByText('siti rahma', { exact: true }), 0);
  await page.goto(server.url + '#/trash');
  await visible(page.getByRole('list', { name: 'Deleted customers' }).getByText('siti rahma', { exact: true }));

  // Nothing left to merge, and it all survives a reload.
  await page.goto(server.url + '#/duplicates');
  await visible(page.getByRole('heading', { name: 'No duplicates found 🎉' }));
  await page.reload();
  await visible(page.getByRole('heading', { name: 'No duplicates found 🎉' }));
  await page.goto(server.url + '#/customers');
  await page.getByRole('list', { name: 'Customers' }).getByRole('link', { name: /Siti Rahma/ }).tap();
  await visible(history.getByText('Asked for the Eid price list'));
  await visible(history.getByText('Purchase Rp 150.000'));

  assert.deepEqual(errors, []);
  await context.close();
});

test('a group of three: pick the two that are the same person', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url);
  await addCustomer(page, 'José Núñez', '0811-1111-1111');
  await addCustomer(page, 'Jose Nunez', '');
  await addCustomer(page, 'nunez jose', '0811 1111 1111');
  await page.goto(server.url + '#/duplicates');
  const groups = page.getByRole('list', { name: 'Possible duplicates' });
  await visible(groups.getByText('3 customers: same phone, similar name'));
  await groups.getByRole('button').first().tap();
  await visible(page.getByText('Which two are the same person?'));
  const compare = page.getByRole('button', { name: 'Compare the two' });
  assert.equal(await compare.isDisabled(), true);
  const pick = page.getByRole('list', { name: 'Pick two' });
  await pick.getByRole('checkbox').nth(0).check();
  await pick.getByRole('checkbox').nth(2).check();
  assert.equal(await compare.isDisabled(), false);
  await compare.tap();
  await visible(page.getByRole('group', { name: 'Name', exact: true }));
  await page.getByRole('button', { name: 'Merge', exact: true }).tap();
  await visible(page.getByText('Merged into José Núñez.'));
  // The third is still suggested with the merged one.
  await page.goto(server.url + '#/duplicates');
  await visible(page.getByRole('list', { name: 'Possible duplicates' }).getByText('2 customers: similar name'));
  assert.deepEqual(errors, []);
  await context.close();
});
