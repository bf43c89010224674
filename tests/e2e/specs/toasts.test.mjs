// Toasts never swallow a tap. On a phone (390×844 and 360×740, touch) three customers are added
// in a row as fast as a person taps — Save, Customers, +, name, Save… — with the previous
// "Customer added." still on screen and never dismissed, and all three land; the same for two
// templates. Then, on every page with a fixed bar (a form's Save/Cancel, the + button, the tab
// bar), a tap at any point of each of its buttons reaches the button while a toast is showing.
// Taps go to screen coordinates (page.touchscreen), like a finger: Playwright's own tap() would
// wait for a toast in the way to leave, and hide the problem.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot, expectCount } from '../lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SIZES = [{ width: 390, height: 844 }, { width: 360, height: 740 }];
const visible = (locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const toast = (page) => page.getByRole('status').locator('.toast');

/** A finger on the middle of what `locator` shows: the tap goes to whatever is on top there. */
async function fingerTap(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, `${locator} is on screen`);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

/** Taps Save and expects what it leads to; a tap swallowed by a toast fails here, not later. */
async function saveAndExpect(page, button, outcome, what) {
  await fingerTap(page, button);
  try {
    await visible(outcome, 5_000);
  } catch {
    const cover = await page.evaluate(() => document.querySelector('.toast')?.textContent ?? 'no toast');
    assert.fail(`the tap on Save did not save ${what} (toast showing: ${cover})`);
  }
}

for (const viewport of SIZES) {
  const size = `${viewport.width}x${viewport.height}`;

  test(`three customers in a row, nothing dismissed, at ${size}`, { timeout: 90_000 }, async () => {
    const { context, page, errors } = await phone(browser, { viewport });
    await page.goto(server.url + '#/customers');
    await visible(page.getByRole('heading', { name: 'No customers yet' }));
    const names = ['Ana Putri', 'Budi Santoso', 'Citra Dewi'];
    let underToast = 0;
    for (const name of names) {
      await fingerTap(page, page.getByRole('link', { name: 'Add customer' }));
      await visible(page.getByRole('heading', { name: 'New customer' }));
      await page.getByLabel('Name', { exact: true }).fill(name);
      if (await toast(page).isVisible()) underToast += 1;
      if (underToast === 1) await screenshot(page, `toasts-${size}-form-with-toast`);
      await saveAndExpect(page, page.getByRole('button', { name: 'Save customer' }),
        page.getByRole('heading', { name, level: 2 }), name);
      await fingerTap(page, nav(page, 'Customers'));
    }
    // The second and third saves were tapped with the previous "Customer added." showing.
    assert.ok(underToast >= 2, `saves tapped while a toast showed: ${underToast}`);
    const list = page.getByRole('list', { name: 'Customers' });
    await expectCount(list.getByRole('listitem'), 3);
    for (const name of names) await visible(list.getByText(name, { exact: true }));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`two templates in a row at ${size}`, { timeout: 90_000 }, async () => {
    const { context, page, errors } = await phone(browser, { viewport });
    await page.goto(server.url + '#/templates');
    await visible(page.getByRole('link', { name: 'New template' }));
    let underToast = 0;
    for (const name of ['Thanks for your order', 'Your cake is ready']) {
      await fingerTap(page, page.getByRole('link', { name: 'New template' }));
      await visible(page.getByRole('heading', { name: 'New template' }));
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Message', { exact: true }).fill(`${name}, {first_name}!`);
      if (await toast(page).isVisible()) underToast += 1;
      await saveAndExpect(page, page.getByRole('button', { name: 'Save template' }),
        page.getByRole('link', { name: new RegExp(name) }), name);
    }
    assert.ok(underToast >= 1, `saves tapped while a toast showed: ${underToast}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a toast covers no button of a fixed bar at ${size}`, { timeout: 120_000 }, async () => {
    const { context, page, errors } = await phone(browser, { viewport });
    await page.goto(server.url + '#/customers/new');
    await page.getByLabel('Name', { exact: true }).fill('Siti Rahma');
    await page.getByRole('button', { name: 'Save customer' }).tap();
    await visible(page.getByRole('heading', { name: 'Siti Rahma', level: 2 }));
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    const c = `#/customers/${encodeURIComponent(id)}`;
    const hashes = ['#/customers', '#/customers/new', `${c}/edit`, `${c}/new/interactions`, `${c}/new/purchases`,
      `${c}/new/payments`, `${c}/new/tasks`, `${c}/new/cases`, `${c}/new/deals`, '#/settings',
      '#/templates/new', '#/campaigns/new', '#/segments/new', '#/', '#/more', '#/reports'];
    for (const hash of hashes) {
      // A toast ("Settings saved."), then the page, as after a save: the toast is still showing.
      await page.evaluate(() => { location.hash = '#/settings'; });
      await page.getByRole('button', { name: 'Save settings' }).tap();
      await visible(toast(page));
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForFunction((h) => location.hash === h, hash);
      await page.waitForTimeout(300);
      assert.ok(await toast(page).isVisible(), `a toast shows on ${hash}`);
      for (const end of ['top', 'bottom']) {
        const blocked = await page.evaluate((where) => {
          if (where === 'bottom') window.scrollTo(0, document.documentElement.scrollHeight);
          else window.scrollTo(0, 0);
          const out = [];
          const t = document.querySelector('.toast').getBoundingClientRect();
          const buttons = document.querySelectorAll('.form-actions .btn, .fab, .tabbar .tab');
          for (const el of buttons) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.bottom <= 56 || r.top >= innerHeight) continue;
            const name = el.textContent.trim() || el.getAttribute('aria-label');
            // Not even partly hidden while the bar is stuck above the tab bar (or it is the + button or
            // a tab): the toast and the button do not overlap. A bar that scrolled up with the page
            // (content under it) can pass behind the toast; the taps below must still reach it.
            const bar = el.closest('.form-actions')?.getBoundingClientRect();
            const tabbar = document.querySelector('.tabbar').getBoundingClientRect();
            const stuck = !bar || Math.abs(bar.bottom - tabbar.top) < 2;
            if (stuck && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom) {
              out.push(`${name} (${Math.round(r.top)}–${Math.round(r.bottom)}) overlaps the toast (${Math.round(t.top)}–${Math.round(t.bottom)})`);
            }
            // And a tap on the middle or either side, a finger's width in from the edges, reaches it.
            for (const fx of [0.5, 0.15, 0.85]) {
              const x = r.left + r.width * fx;
              const y = Math.min(r.top + r.height / 2, innerHeight - 2);
              const hit = document.elementFromPoint(x, y);
              if (!hit || !(hit === el || el.contains(hit))) {
                out.push(`${name} at (${Math.round(x)}, ${Math.round(y)}) is under ${hit?.className || hit?.tagName}`);
              }
            }
          }
          return out;
        }, end);
        assert.deepEqual(blocked, [], `${hash} scrolled to the ${end}`);
      }
      if (hash === '#/customers/new' || hash === '#/customers') await screenshot(page, `toasts-${size}-${hash.replace(/\W+/g, '-')}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
