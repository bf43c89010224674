// The app PIN (issue 14, "shared devices") at 390x844 with touch: set in Settings (only a salted
// PBKDF2 hash is kept), the lock screen on open with nothing of the app visible or reachable
// behind it, a wrong PIN said in words and the wait after five, staff view hiding an amount owed
// and Reports until the PIN (and the deals' values, {balance} in message previews and a segment of
// who owes), removing the PIN, and the idle lock (Playwright's clock moves time
// on). Screenshots of the lock screen and the Settings section in Spanish and Indonesian, light
// and dark, at 390 and 360 px wide, go to tests/e2e/artifacts/pin-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { addCustomer } from '../app.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });
const gone = (locator) => locator.waitFor({ state: 'hidden', timeout: 15_000 });
const PIN = '2468';

/** A customer who owes 150,000 (a purchase not paid yet); returns its id. */
async function debtor(page) {
  const id = await addCustomer(page, server.url, 'Siti Rahma', '0812 3456 7890');
  await page.goto(`${server.url}#/customers/${id}/new/purchases`);
  await page.getByLabel('Total', { exact: true }).fill('150000');
  await page.getByRole('radio', { name: 'Not yet' }).check();
  await page.getByRole('button', { name: 'Save purchase', exact: true }).click();
  await visible(page.getByRole('list', { name: 'History' }));
  return id;
}

async function setPin(page, pin = PIN) {
  await page.goto(server.url + '#/settings');
  await visible(page.getByRole('heading', { name: 'App lock (PIN)' }));
  await page.getByLabel('New PIN', { exact: true }).fill(pin);
  await page.getByLabel('New PIN again', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await visible(page.getByText('A PIN is set on this phone.'));
}

async function unlock(page, pin = PIN) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('PIN', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
}

test('set a PIN, locked on open, wrong and right PIN, staff view, remove', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url);
  const id = await debtor(page);

  // Setting it: typed twice, 4 to 6 digits.
  await page.goto(server.url + '#/settings');
  await visible(page.getByText(/privacy screen, not encryption/));
  await page.getByLabel('New PIN', { exact: true }).fill('12');
  await page.getByLabel('New PIN again', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await visible(page.getByText('A PIN has 4 to 6 digits.'));
  await page.getByLabel('New PIN', { exact: true }).fill(PIN);
  await page.getByLabel('New PIN again', { exact: true }).fill('2469');
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await visible(page.getByText('The two PINs are not the same.', { exact: false }));
  const field = page.getByLabel('New PIN', { exact: true });
  assert.equal(await field.getAttribute('inputmode'), 'numeric');
  assert.equal(await field.getAttribute('autocomplete'), 'off');
  await setPin(page);

  // Only a salted hash is kept, on this phone.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('rapport.lock')));
  assert.equal(stored.v, 1);
  assert.match(stored.salt, /^[0-9a-f]{32}$/);
  assert.match(stored.hash, /^[0-9a-f]{64}$/);
  assert.ok(stored.iterations >= 100_000);
  assert.equal(stored.staff, false);
  assert.equal(stored.idle_minutes, 5);
  const want = pbkdf2Sync(PIN, Buffer.from(stored.salt, 'hex'), stored.iterations, 32, 'sha256').toString('hex');
  assert.equal(stored.hash, want, 'PBKDF2-SHA256 of the PIN with the stored salt');
  assert.ok(!JSON.stringify(stored).includes(PIN));

  // On open: the lock screen alone; nothing of the customer list shows or can be reached.
  await page.goto(server.url + '#/customers');
  await page.reload();
  const dialog = page.getByRole('dialog', { name: 'Rapport is locked' });
  await visible(dialog);
  await page.waitForTimeout(1500); // the customers are read meanwhile
  assert.equal(await page.getByText('Siti Rahma').count(), await page.getByText('Siti Rahma').locator('visible=false').count());
  assert.equal(await page.getByRole('list', { name: 'Customers' }).count(), 0, 'no list for screen readers');
  assert.equal(await page.getByRole('navigation').count(), 0, 'no tab bar for screen readers');
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.lock-screen') || document.activeElement === document.body),
      'the keyboard stays on the lock screen');
  }
  const pinField = dialog.getByLabel('PIN', { exact: true });
  assert.equal(await pinField.getAttribute('inputmode'), 'numeric');
  assert.equal(await pinField.getAttribute('autocomplete'), 'off');
  await dialog.getByText('Forgot the PIN?').click();
  await visible(dialog.getByText(/clear this site's data/));

  // A wrong PIN says so; the right one opens the app where it was.
  await unlock(page, '1111');
  await visible(dialog.getByText('Wrong PIN. Try again.'));
  await unlock(page);
  await gone(dialog);
  await visible(page.getByRole('list', { name: 'Customers' }).getByText('Siti Rahma'));

  // Staff view: the app opens without the PIN, but the amount owed and Reports wait for it.
  await page.goto(server.url + '#/settings');
  // (The section closes at once: the checkbox goes with it.)
  await page.getByLabel('Staff view').click();
  await visible(page.getByRole('button', { name: 'Enter the PIN to change this' }));
  await page.reload();
  await page.goto(`${server.url}#/customers/${id}`);
  await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
  assert.equal(await page.getByRole('dialog').count(), 0, 'no lock screen in staff view');
  const owes = page.getByText(/^Owes Rp/);
  assert.equal(await owes.isVisible(), false, 'the amount owed is hidden');
  await page.getByRole('button', { name: /Show with PIN/ }).click();
  const ask = page.getByRole('dialog', { name: 'Enter the PIN' });
  await visible(ask);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await gone(ask);
  assert.equal(await owes.isVisible(), false);
  await page.getByRole('button', { name: /Show with PIN/ }).click();
  await unlock(page);
  await gone(ask);
  await visible(owes);

  // Reports after a reload (hidden again): the PIN first.
  await page.reload();
  await page.goto(server.url + '#/reports');
  await visible(page.getByRole('dialog', { name: 'Enter the PIN' }));
  await unlock(page);
  await visible(page.locator('.topbar-title', { hasText: 'Reports' }));
  await gone(page.getByRole('dialog'));

  // Removing it asks for the current PIN.
  await page.goto(server.url + '#/settings');
  await page.getByRole('button', { name: 'Remove PIN' }).click();
  const remove = page.getByRole('form', { name: 'Remove PIN' });
  await remove.getByLabel('Current PIN').fill('0000');
  await remove.getByRole('button', { name: 'Remove PIN' }).click();
  await visible(remove.getByText('Wrong PIN. Try again.'));
  await remove.getByLabel('Current PIN').fill(PIN);
  await remove.getByRole('button', { name: 'Remove PIN' }).click();
  await visible(page.getByRole('button', { name: 'Set PIN' }));
  assert.equal(await page.evaluate(() => localStorage.getItem('rapport.lock')), null);
  await page.goto(server.url + '#/customers');
  await page.reload();
  await visible(page.getByRole('list', { name: 'Customers' }).getByText('Siti Rahma'));
  assert.equal(await page.getByRole('dialog').count(), 0);

  assert.deepEqual(errors, []);
  await context.close();
});

test('staff view also hides the deals\' values, {balance} in message previews, and who owes in segments', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
  await page.goto(server.url);
  const id = await debtor(page);
  // Without a PIN: a deal worth 500,000, a service template with {balance}, a segment of who owes.
  await page.goto(`${server.url}#/customers/${id}`);
  await page.getByRole('link', { name: 'Deal', exact: true }).click();
  await page.getByLabel('What is the deal?').fill('Wedding cake');
  await page.getByLabel('Value (optional)').fill('500000');
  await page.getByRole('button', { name: 'Save deal' }).click();
  await visible(page.getByText('Deal saved.'));
  await page.goto(server.url + '#/templates/new');
  await page.locator('#tpl-name').fill('Balance reminder');
  await page.getByRole('radio', { name: /^Service/ }).check();
  await page.locator('#tpl-body').fill('Hi {first_name}, your balance is {balance}.');
  const preview = page.getByRole('note', { name: 'Message preview' });
  await visible(preview.getByText('Hi Siti, your balance is Rp 150.000.'));
  await page.getByRole('button', { name: 'Save template' }).click();
  await visible(page.getByText('Saved “Balance reminder”.'));
  await page.goto(server.url + '#/segments/new');
  await page.getByLabel('Name', { exact: true }).fill('Owes me');
  await page.getByLabel('Owes me money').check();
  await visible(page.getByRole('status').getByText('1 customer'));
  await page.getByRole('button', { name: 'Save segment' }).click();
  await visible(page.getByText('Segment saved.'));

  // Staff view on (a PIN with staff view, as Settings keeps it).
  await page.evaluate((r) => localStorage.setItem('rapport.lock', r), record(PIN, true));
  await page.reload();
  await page.goto(server.url + '#/pipeline');
  await visible(page.getByRole('tab', { name: 'New (1)' }));
  await visible(page.getByText('Amounts are hidden on this phone (staff view).'));
  await visible(page.getByText('1 deal · Hidden'));
  await visible(page.getByRole('list', { name: 'New' }).getByText('Hidden', { exact: true }));
  assert.equal(await page.getByText(/500\.000/).count(), 0, 'no deal value on the board');
  await screenshot(page, 'pin-staff-pipeline');

  await page.goto(server.url + '#/campaigns/new');
  await page.getByLabel('Message template').selectOption({ label: 'Balance reminder (service)' });
  await visible(preview.getByText('Hi Siti, your balance is Hidden.'));
  assert.equal(await page.getByText(/150\.000/).count(), 0, 'no balance in the campaign preview');
  await page.goto(server.url + '#/templates');
  await page.getByRole('link', { name: /Balance reminder/ }).click();
  await visible(preview.getByText('Hi Siti, your balance is Hidden.'));

  await page.goto(server.url + '#/segments');
  await visible(page.getByRole('link', { name: /Owes me.*Hidden/ }));
  await page.getByRole('link', { name: /Owes me/ }).click();
  await visible(page.getByRole('status').getByText('Hidden', { exact: true }));
  await visible(page.getByText('Amounts owed are hidden on this phone (staff view).').locator('visible=true'));
  assert.equal(await page.getByRole('list', { name: 'Customers in this segment' }).getByRole('listitem').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Export these customers (CSV)' }).count(), 0);
  assert.equal(await page.getByLabel('Owes me money').count(), 0, 'the condition is not offered');
  await screenshot(page, 'pin-staff-segment');

  // The PIN shows them again.
  await page.getByRole('button', { name: 'Show with PIN' }).click();
  await unlock(page);
  await visible(page.getByRole('list', { name: 'Customers in this segment' }).getByText('Siti Rahma'));
  await page.goto(server.url + '#/pipeline');
  await visible(page.getByText('Open deals worth Rp 500.000 in all.'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('locks after the idle time, and five wrong PINs mean a wait', { timeout: 180_000 }, async () => {
  const { context, page, errors } = await phone(browser);
  await page.clock.install();
  await page.goto(server.url);
  await setPin(page);
  await page.getByRole('radio', { name: '1 minute' }).check();
  await page.goto(server.url + '#/');
  await visible(page.locator('.topbar-title', { hasText: 'Today' }));
  // A little less than a minute: still open.
  await page.clock.runFor(50_000);
  assert.equal(await page.getByRole('dialog').count(), 0);
  // Past a minute without a touch: locked.
  await page.clock.runFor(15_000);
  const dialog = page.getByRole('dialog', { name: 'Rapport is locked' });
  await visible(dialog);
  assert.equal(await page.getByRole('navigation').count(), 0);

  // Five wrong PINs: a 30-second wait, said in words; then the right PIN opens.
  for (let i = 0; i < 4; i++) {
    await unlock(page, '0000');
    await visible(dialog.getByText('Wrong PIN. Try again.'));
  }
  await unlock(page, '0000');
  await visible(dialog.getByText('Wrong PIN. Too many tries: wait 30 seconds before the next one.'));
  await unlock(page);
  await visible(dialog.getByText(/Too many wrong PINs. Try again in \d+ seconds./));
  await page.clock.runFor(31_000);
  await unlock(page);
  await gone(dialog);
  await visible(page.getByRole('navigation'));

  // Back after being hidden longer than the idle time: locked.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.clock.fastForward(2 * 60_000);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await visible(dialog);

  assert.deepEqual(errors, []);
  await context.close();
});

/** A lock record for `pin` as the app writes it (PBKDF2-SHA256, 16-byte salt, 310,000 iterations). */
function record(pin, staff = false) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(pin, salt, 310_000, 32, 'sha256');
  return JSON.stringify({ v: 1, salt: salt.toString('hex'), hash: hash.toString('hex'), iterations: 310_000, staff, idle_minutes: 5 });
}

test('the lock screen and Settings in Spanish and Indonesian, light and dark, 390 and 360 px', { timeout: 300_000 }, async () => {
  const words = {
    es: { locked: 'Rapport está bloqueado', unlock: 'Desbloquear', title: 'Bloqueo con PIN', forgot: '¿Olvidaste el PIN?' },
    id: { locked: 'Rapport terkunci', unlock: 'Buka', title: 'Kunci aplikasi (PIN)', forgot: 'Lupa PIN?' },
  };
  const lock = record(PIN);
  for (const lang of ['es', 'id']) {
    for (const scheme of ['light', 'dark']) {
      for (const width of [390, 360]) {
        const { context, page, errors } = await phone(browser, {
          locale: lang === 'es' ? 'es-ES' : 'id-ID', colorScheme: scheme, viewport: { width, height: 844 },
        });
        await context.addInitScript((r) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('rapport.lock', r); sessionStorage.setItem('seeded', '1'); } }, lock);
        const name = `pin-${lang}-${scheme}-${width}`;
        await page.goto(server.url);
        const dialog = page.getByRole('dialog', { name: words[lang].locked });
        await visible(dialog);
        await dialog.getByText(words[lang].forgot).click();
        await screenshot(page, `${name}-lock`);
        await dialog.getByLabel('PIN', { exact: true }).fill('1111');
        await dialog.getByRole('button', { name: words[lang].unlock }).click();
        await visible(dialog.locator('.field-error:not(:empty)'));
        await screenshot(page, `${name}-wrong`);
        await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
        await dialog.getByRole('button', { name: words[lang].unlock }).click();
        await gone(dialog);
        await page.goto(server.url + '#/settings');
        const heading = page.getByRole('heading', { name: words[lang].title });
        await visible(heading);
        await heading.scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, -70));
        await screenshot(page, `${name}-settings`);
        // No text runs off the side.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the screen`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  }
});
