// Customer 360 at 390x844 with touch: log a WhatsApp chat in <= 3 taps, an unpaid purchase shows as
// a balance and on Today's "owes" list, a payment clears it, a follow-up for today shows on Today
// and can be marked done. Everything survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

test('a customer relationship on one screen', { timeout: 150_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill('Siti Rahma');
  await page.getByLabel('Phone', { exact: true }).fill('0812 3456 7890');
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  await visible(page.getByText('Owes nothing'));
  await screenshot(page, '20-customer-360-empty');

  // Log a WhatsApp chat: tap "Log WhatsApp", type, tap Save = 2 taps plus typing.
  let taps = 0;
  const tap = async (locator) => { taps += 1; await locator.tap(); };
  await tap(page.getByRole('link', { name: 'Log WhatsApp' }));
  await visible(page.getByRole('heading', { name: 'Log contact' }));
  assert.equal(await page.getByRole('radio', { name: 'WhatsApp' }).isChecked(), true);
  await page.getByLabel('What was it about?').fill('Asked for a chocolate cake for Saturday');
  await screenshot(page, '21-log-whatsapp');
  await tap(page.getByRole('button', { name: 'Save', exact: true }));
  await visible(page.getByRole('list', { name: 'History' }).getByText('Asked for a chocolate cake for Saturday'));
  assert.ok(taps <= 3, `logging took ${taps} taps`);
  await visible(page.getByText('Last contact', { exact: true }));
  // The form's time has minute precision, so a contact logged now reads "just now" or "1 min ago".
  await visible(page.getByText(/^(just now|\d+ min ago)$/).first());

  // An unpaid purchase: the balance shows on the customer and on Today.
  await page.getByRole('link', { name: 'Purchase', exact: true }).tap();
  await visible(page.getByRole('heading', { name: 'New purchase' }));
  await page.getByLabel('Total', { exact: true }).fill('150.000');
  await page.getByRole('radio', { name: 'Not yet' }).check();
  await page.getByRole('button', { name: 'Save purchase' }).tap();
  await visible(page.getByText('Owes Rp 150.000'));
  await visible(page.getByRole('list', { name: 'History' }).getByText('Purchase Rp 150.000'));
  await screenshot(page, '22-customer-owes');

  await nav(page, 'Today').tap();
  const owes = page.getByRole('region', { name: 'Who owes you' });
  await visible(owes.getByText('Siti Rahma'));
  await visible(owes.getByText('Rp 150.000').first());
  await screenshot(page, '23-today-owes');

  // Who owes me: remind on WhatsApp with a prefilled message, then record the payment.
  await page.getByRole('link', { name: 'See all' }).tap();
  await visible(page.getByRole('heading', { name: 'Who owes me' }));
  const remind = page.getByRole('link', { name: /Remind Siti Rahma/ });
  const href = await remind.getAttribute('href');
  assert.match(href, /^https:\/\/wa\.me\/6281234567890\?text=/);
  assert.ok(decodeURIComponent(href.split('text=')[1]).replace(/\u00a0/g, ' ').includes('Rp 150.000'));
  await screenshot(page, '24-who-owes');
  await page.getByRole('link', { name: /Record payment/ }).first().tap();
  await visible(page.getByRole('heading', { name: 'Record payment' }));
  assert.equal(await page.getByLabel('Amount paid', { exact: true }).inputValue(), '150000');
  await page.getByLabel('Amount paid', { exact: true }).fill('50000');
  await page.getByRole('button', { name: 'Save payment' }).tap();
  await visible(page.getByText('Owes Rp 100.000'));
  await page.getByRole('link', { name: /Record a payment/ }).tap();
  await page.getByRole('button', { name: 'Save payment' }).tap();
  await visible(page.getByText('Owes nothing'));

  // A follow-up for today shows on Today and can be marked done.
  await page.getByRole('link', { name: 'Follow-up', exact: true }).tap();
  await visible(page.getByRole('heading', { name: 'New follow-up' }));
  await page.getByLabel('What to do', { exact: true }).fill('Confirm the cake flavour');
  await page.getByRole('button', { name: 'Today', exact: true }).tap();
  await page.getByLabel('Due: time').fill('00:01');
  await page.getByRole('button', { name: 'Save follow-up' }).tap();
  await visible(page.getByRole('list', { name: 'History' }).getByText('Follow-up: Confirm the cake flavour'));
  await nav(page, 'Today').tap();
  const followUps = page.getByRole('region', { name: 'Follow-ups' });
  await visible(followUps.getByText('Confirm the cake flavour'));
  await screenshot(page, '25-today-follow-up');
  await followUps.getByRole('button', { name: 'Mark done: Confirm the cake flavour' }).tap();
  await followUps.getByText('Confirm the cake flavour').waitFor({ state: 'detached', timeout: 10_000 });

  // A complaint with its response time.
  await page.goto(server.url + '#/customers');
  await page.getByRole('list', { name: 'Customers' }).getByRole('link', { name: /Siti Rahma/ }).tap();
  await page.getByRole('link', { name: 'Complaint', exact: true }).tap();
  await page.getByLabel('What is the problem?').fill('The cake arrived late');
  await page.getByRole('button', { name: 'Save complaint' }).tap();
  await nav(page, 'Today').tap();
  const complaints = page.getByRole('region', { name: 'Open complaints' });
  await visible(complaints.getByText(/Siti Rahma/));
  await complaints.getByRole('link').first().tap();
  await page.getByRole('button', { name: 'I answered them' }).tap();
  await visible(page.getByRole('list', { name: 'History' }).getByText(/answered after/));

  // Everything survives a reload.
  await page.reload();
  await visible(page.getByRole('list', { name: 'History' }).getByText('Asked for a chocolate cake for Saturday'));
  await visible(page.getByText('Owes nothing'));
  await visible(page.getByText('Total spent'));
  await screenshot(page, '26-customer-360-full');
  assert.deepEqual(errors, []);
  await context.close();
});
