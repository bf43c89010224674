// Communication at 390x844 with touch: a one-tap contact action logs the contact with an Undo;
// a campaign over three customers, one without marketing consent, shows two recipients and one
// exclusion with its reason; each "Send" opens the expected wa.me link (intercepted: the app is
// never left); the sends are logged on the customers; the campaign resumes after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

async function addCustomer(page, name, phoneNumber, consent) {
  await page.goto(server.url + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone', { exact: true }).fill(phoneNumber);
  if (consent) await page.getByLabel('Agrees to receive offers and news').check();
  await page.getByRole('button', { name: 'Save customer' }).tap();
  await visible(page.getByRole('heading', { name, level: 2 }));
}

/** Taps `link`, returns the popup it opened (wa.me is intercepted) and closes it. */
async function openPopup(page, link) {
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.tap()]);
  await popup.waitForLoadState('domcontentloaded');
  const url = popup.url();
  await popup.close();
  return url;
}

/** Coming back to Rapport after WhatsApp: the window lost focus and gets it back. */
async function comeBack(page) {
  await page.evaluate(() => { window.dispatchEvent(new Event('blur')); window.dispatchEvent(new Event('focus')); });
}

const message = (first) =>
  `Hi ${first}! New stock just arrived at Dewi Cakes. Reply to this message to reserve yours before it's gone. ✨`;

test('contact actions and a campaign over WhatsApp', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  const opened = [];
  await context.route('https://wa.me/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>WhatsApp</title><p>WhatsApp</p>' });
  });

  await page.goto(server.url + '#/settings');
  await page.getByLabel('Business name').fill('Dewi Cakes');
  await page.getByRole('button', { name: 'Save settings' }).tap();
  await page.waitForTimeout(300);

  await addCustomer(page, 'Ana Putri', '+62 812 1111 2222', true);
  await addCustomer(page, 'Budi Santoso', '+62 813 3333 4444', true);
  await addCustomer(page, 'Citra Dewi', '+62 814 5555 6666', false);

  // A contact action: opens WhatsApp, logs the contact, and Undo takes the log back.
  const history = page.getByRole('list', { name: 'History' });
  const contactUrl = await openPopup(page, page.getByRole('group', { name: 'Contact' }).getByRole('link', { name: 'WhatsApp Citra Dewi' }));
  assert.equal(contactUrl, 'https://wa.me/6281455556666');
  await visible(page.getByRole('status').getByText('Logged: WhatsApp with Citra Dewi.'));
  await visible(history.getByText('WhatsApp · I contacted them'));
  await screenshot(page, '50-contact-logged');
  await page.getByRole('button', { name: 'Undo' }).tap();
  await visible(page.getByText('Nothing yet.', { exact: false }));
  await expectCount(page.getByRole('list', { name: 'History' }), 0);

  // Templates are reachable from More.
  await page.goto(server.url + '#/more');
  await page.getByRole('link', { name: /Message templates/ }).tap();
  await visible(page.getByRole('link', { name: /New stock arrived/ }));

  // A new campaign: the marketing template reaches the two who agreed; Citra is left out.
  await page.goto(server.url + '#/campaigns');
  await page.getByRole('link', { name: 'New campaign' }).tap();
  await visible(page.getByRole('heading', { name: 'New campaign' }));
  await page.getByLabel('Message template').selectOption({ label: 'New stock arrived (marketing)' });
  await visible(page.getByText('Will reach 2 customers'));
  const left = page.getByRole('list', { name: 'Left out' });
  await expectCount(left.getByRole('listitem'), 1);
  await visible(left.getByText('Citra Dewi'));
  await visible(left.getByText('Did not agree to marketing messages'));
  await screenshot(page, '51-campaign-plan');
  await page.getByRole('button', { name: 'Start campaign' }).tap();

  // Step through: the first send opens Ana's personalised link; coming back moves on.
  await visible(page.getByRole('heading', { name: 'Next: Ana Putri' }));
  await visible(page.getByText('0 of 2 done'));
  const sendAna = page.getByRole('link', { name: 'Send on WhatsApp to Ana Putri' });
  const hrefAna = await sendAna.getAttribute('href');
  assert.equal(hrefAna, 'https://wa.me/6281211112222?text=' + encodeURIComponent(message('Ana')));
  await screenshot(page, '52-campaign-next');
  const urlAna = new URL(await openPopup(page, sendAna));
  assert.equal(urlAna.origin + urlAna.pathname, 'https://wa.me/6281211112222');
  assert.equal(urlAna.searchParams.get('text'), message('Ana'));
  await comeBack(page);
  await visible(page.getByRole('heading', { name: 'Next: Budi Santoso' }));
  await visible(page.getByText('1 of 2 done'));

  // Stop here and come back later: the campaign resumes at Budi.
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Next: Budi Santoso' }));
  await visible(page.getByText('1 of 2 done · 1 sent · 0 skipped'));
  const sendBudi = page.getByRole('link', { name: 'Send on WhatsApp to Budi Santoso' });
  const urlBudi = new URL(await openPopup(page, sendBudi));
  assert.equal(urlBudi.pathname, '/6281333334444');
  assert.equal(urlBudi.searchParams.get('text'), message('Budi'));
  // "Sent, next" does the same as coming back, for browsers that keep the page in view.
  await page.getByRole('button', { name: 'Sent, next' }).tap();
  await visible(page.getByRole('heading', { name: 'All done' }));
  await visible(page.getByText('2 of 2 done · 2 sent · 0 skipped'));
  await screenshot(page, '53-campaign-done');
  assert.equal(opened.filter((u) => u.includes('?text=')).length, 2);

  // Each send is on the customer's history, tagged with the campaign; Citra got nothing.
  for (const name of ['Ana Putri', 'Budi Santoso']) {
    await page.goto(server.url + '#/customers');
    await page.getByRole('list', { name: 'Customers' }).getByRole('link', { name: new RegExp(name) }).tap();
    await visible(page.getByRole('list', { name: 'History' }).getByText('Campaign “New stock arrived”'));
  }
  await page.goto(server.url + '#/campaigns');
  await visible(page.getByRole('list', { name: 'Campaigns' }).getByText('Finished · 2 sent, 0 skipped'));
  await screenshot(page, '54-campaigns');

  // Deleting the campaign offers Undo, which brings it back.
  await page.getByRole('list', { name: 'Campaigns' }).getByRole('link', { name: /New stock arrived/ }).tap();
  await page.getByRole('button', { name: 'Delete campaign' }).tap();
  await visible(page.getByText('Campaign “New stock arrived” deleted.'));
  await expectCount(page.getByText('Finished · 2 sent, 0 skipped'), 0);
  await page.getByRole('button', { name: 'Undo' }).tap();
  await visible(page.getByRole('list', { name: 'Campaigns' }).getByText('Finished · 2 sent, 0 skipped'));
  assert.deepEqual(errors, []);
  await context.close();
});
