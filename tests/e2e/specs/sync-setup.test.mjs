// Settings → Team sync against a real CouchDB-protocol server (pouchdb-server, tests/e2e/couch.mjs)
// and tiny stand-ins for what it cannot show (CORS off; creating a database refused): every
// outcome of "Test connection" in the owner's words, "Create the database", Save, reload, a backup
// without the server or password, and "Stop syncing on this phone".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, phone, screenshot, ARTIFACTS } from '../lib.mjs';
import { startCouch, setUpShop, stubServer, freePort } from '../couch.mjs';

let server, browser, couch, shop;
before(async () => {
  server = await serveDist();
  browser = await launch();
  couch = await startCouch();
  shop = await setUpShop(couch);
});
after(async () => { await browser?.close(); await server?.close(); await couch?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

/** Requests a failed fetch logs as console errors (expected here: the tests provoke them). */
const expected = (e) => /Failed to load resource|CORS policy|net::ERR_/.test(e);

/** Opens Team sync from Settings and fills the form. */
async function openSync(page) {
  await page.goto(server.url + '#/settings');
  await page.getByRole('link', { name: /Team sync/ }).tap();
  await visible(page.getByRole('heading', { name: 'Team sync' }).or(page.locator('.topbar-title', { hasText: 'Team sync' })).first());
}

async function fill(page, { address, db = shop.db, user = '', password = '' }) {
  await page.getByLabel('Server address').fill(address);
  await page.getByLabel('Database', { exact: true }).fill(db);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
}

async function testWith(page, fields) {
  await fill(page, fields);
  await page.getByRole('button', { name: 'Test connection' }).tap();
}

const outcome = (page) => page.getByRole('region', { name: 'Connection test' });

test('each failure of Test connection says what happened and the fix', { timeout: 120_000 }, async () => {
  const { page, errors } = await phone(browser);
  const sent = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url)) sent.push(r.url()); });
  await page.goto(server.url);
  await openSync(page);
  await visible(page.getByText(/share one customer book/));
  await visible(page.getByText(/never go into backups or exports/));
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('type'), 'password');
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('autocomplete'), 'off');

  // Plain http to another machine: refused in words, before any request.
  await testWith(page, { address: 'http://couch.example.com', user: 'siti', password: 'x' });
  await visible(outcome(page).getByText('This address starts with http://, so the password would travel unprotected.'));
  await visible(page.getByText('Use https:// (plain http:// works only for localhost).'));
  assert.deepEqual(sent, [], 'nothing was sent');
  // Other problems of the form, each under its field.
  await testWith(page, { address: 'https://siti:pw@couch.example.com', db: 'My Shop', user: '', password: 'x' });
  await visible(page.getByText('Leave the user name and password out of the address: they have their own fields.'));
  await visible(page.getByText('Use lower-case letters only.'));
  await visible(page.getByText('Enter the user name too.'));
  assert.deepEqual(sent, [], 'nothing was sent');

  // Nothing listens there.
  await testWith(page, { address: `http://127.0.0.1:${await freePort()}`, user: 'siti', password: 'x' });
  await visible(outcome(page).getByText('The server did not answer.'));

  // A server whose CORS is off: the settings to paste, with this app's origin.
  const noCors = await stubServer({ cors: false });
  try {
    await testWith(page, { address: noCors.url, user: 'siti', password: 'x' });
    await visible(outcome(page).getByText(/does not let Rapport in/));
    const pre = page.getByLabel('Settings to paste');
    await visible(pre);
    const origin = new URL(server.url).origin;
    assert.equal(await pre.textContent(), `[chttpd]\nenable_cors = true\n\n[cors]\norigins = ${origin}\ncredentials = true\nmethods = GET, PUT, POST, HEAD, DELETE\nheaders = accept, authorization, content-type, origin, referer\n`);
    await screenshot(page, 'sync-cors');
  } finally { await noCors.close(); }

  // Wrong password; a user who is not a member of the database.
  await testWith(page, { address: couch.url, user: shop.staff[0], password: 'wrong' });
  await visible(outcome(page).getByText('The server refused this user name or password.'));
  await testWith(page, { address: couch.url, user: shop.outsider[0], password: shop.outsider[1] });
  await visible(outcome(page).getByText('This user may not open the database shop.'));
  await visible(outcome(page).getByText(/_security/));

  // A missing database, created by an admin from here.
  await testWith(page, { address: couch.url, db: 'new-shop', user: shop.admin[0], password: shop.admin[1] });
  await visible(outcome(page).getByText('There is no database called new-shop on this server.'));
  await page.getByRole('button', { name: 'Create the database' }).tap();
  await visible(page.getByText('The database new-shop was created.'));
  await visible(outcome(page).getByText('It works: the database new-shop on ' + new URL(couch.url).host + ' is ready.'));
  assert.equal((await couch.request('GET', '/new-shop', { auth: shop.admin })).status, 200);

  // A server that lets only its admin create databases (a stand-in: pouchdb-server itself crashes
  // on a non-admin's PUT /{db}).
  const adminOnly = await stubServer({
    cors: true,
    answer: (req) => (req.method === 'PUT' ? [403, { error: 'forbidden', reason: 'You are not a server admin.' }] : [404, { error: 'not_found', reason: 'Database does not exist.' }]),
  });
  try {
    await testWith(page, { address: adminOnly.url, db: 'other', user: 'siti', password: 'x' });
    await visible(outcome(page).getByText('There is no database called other on this server.'));
    await page.getByRole('button', { name: 'Create the database' }).tap();
    await visible(page.getByText(/^Only the server's admin can create it\./));
    assert.ok(adminOnly.requests.includes('PUT /other'), adminOnly.requests.join(', '));
  } finally { await adminOnly.close(); }

  // Save never turns sync on after a failed test.
  await fill(page, { address: couch.url, user: shop.staff[0], password: 'wrong' });
  await page.getByRole('button', { name: 'Save' }).tap();
  await visible(outcome(page).getByText('The server refused this user name or password.'));
  assert.equal(await page.evaluate(() => localStorage.getItem('rapport.sync')), null);
  assert.deepEqual(errors.filter((e) => !expected(e)), []);
});

test('Save connects, survives a reload, stays out of backups; Stop forgets it', { timeout: 150_000 }, async () => {
  const { page, errors } = await phone(browser, { acceptDownloads: true });
  await page.goto(server.url);
  await page.goto(server.url + '#/settings');
  await visible(page.getByRole('link', { name: 'Team sync Off' }));
  await openSync(page);
  await fill(page, { address: couch.url, user: shop.staff[0], password: shop.staff[1] });
  // A test that worked asks to tap Save; once saved, it says so instead (no stale hint).
  await page.getByRole('button', { name: 'Test connection' }).tap();
  await visible(outcome(page).getByText(/Tap Save to keep this connection on this phone\./));
  await page.getByRole('button', { name: 'Save' }).tap();
  const host = new URL(couch.url).host;
  await visible(page.getByText(`Connected to shop on ${host}`));
  await visible(outcome(page).getByText(/Saved: this phone syncs with this database from now on\./));
  assert.equal(await outcome(page).getByText(/Tap Save/).count(), 0, 'no stale "Tap Save" after Save');
  // Sync starts at once and says how it is going.
  await visible(page.getByText(/^Sync is on: changes on this phone go to the server within seconds/));
  await visible(page.getByRole('status', { name: 'Sync status' }).getByText(/^Synced/));
  await screenshot(page, 'sync-connected');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('rapport.sync')));
  assert.deepEqual(stored, { v: 1, address: couch.url.replace(/\/$/, ''), db: 'shop', user: 'siti', password: 'siti-secret', enabled: true });

  await page.reload();
  await visible(page.getByText(`Connected to shop on ${host}`));
  assert.equal(await page.getByLabel('Server address').inputValue(), couch.url.replace(/\/$/, ''));
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), shop.staff[1]);
  await page.goto(server.url + '#/settings');
  await visible(page.getByRole('link', { name: 'Team sync On' }));

  // A backup holds neither the server nor the password.
  await page.goto(server.url + '#/backup');
  await page.getByRole('button', { name: 'Prepare backup' }).tap();
  await visible(page.getByText(/^Ready: rapport-backup-\d{4}-\d{2}-\d{2}\.json/));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).tap()]);
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'sync-' + download.suggestedFilename());
  await download.saveAs(path);
  const backup = await readFile(path, 'utf8');
  assert.ok(backup.includes('"format"'), 'a backup file');
  for (const secret of [shop.staff[1], host, '127.0.0.1', 'rapport.sync']) {
    assert.ok(!backup.includes(secret), `the backup contains ${secret}`);
  }

  // Stop syncing on this phone: asks first, then forgets everything.
  await page.goto(server.url + '#/sync');
  await page.getByRole('button', { name: 'Stop syncing on this phone' }).tap();
  await visible(page.getByText(/^Stop syncing on this phone\? It forgets/));
  await page.getByRole('button', { name: 'Cancel' }).tap();
  assert.notEqual(await page.evaluate(() => localStorage.getItem('rapport.sync')), null);
  await page.getByRole('button', { name: 'Stop syncing on this phone' }).tap();
  await page.getByRole('button', { name: 'Yes, stop syncing' }).tap();
  await visible(page.getByText('Sync is off on this phone. Its settings are forgotten.'));
  assert.equal(await page.evaluate(() => localStorage.getItem('rapport.sync')), null);
  assert.equal(await page.getByLabel('Server address').inputValue(), '');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
  assert.equal(await page.getByText(/^Connected to/).count(), 0);
  await page.reload();
  await visible(page.getByLabel('Server address'));
  assert.equal(await page.getByLabel('Server address').inputValue(), '');
  await page.goto(server.url + '#/settings');
  await visible(page.getByRole('link', { name: 'Team sync Off' }));
  assert.deepEqual(errors.filter((e) => !expected(e)), []);
});
