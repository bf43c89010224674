// Shared by the a11y and offline specs: puts a little data in a fresh Rapport and lists every page of
// the app (every route of src/ui/route.rs), so each page is checked with content on it.
import { createRequire } from 'node:module';

/** Every page that loads on first use (the lazy pages of src/ui/pages/mod.rs): [hash, top-bar title]. */
export const LAZY_PAGES = [
  ['#/owes', 'Who owes me'],
  ['#/reports', 'Reports'],
  ['#/more', 'More'],
  ['#/settings', 'Settings'],
  ['#/trash', 'Trash'],
  ['#/backup', 'Backup & restore'],
  ['#/import', 'Import contacts'],
  ['#/duplicates', 'Find duplicates'],
  ['#/pipeline', 'Deals'],
  ['#/segments', 'Segments'],
  ['#/segments/new', 'New segment'],
  ['#/templates', 'Message templates'],
  ['#/templates/new', 'New template'],
  ['#/campaigns', 'Campaigns'],
  ['#/campaigns/new', 'New campaign'],
  ['#/sync', 'Team sync'],
  ['#/settings/pay', 'How customers pay you'],
  ['#/products', 'Products'],
  ['#/products/new', 'New product'],
  ['#/orders', 'Orders'],
  ['#/settings/loyalty', 'Loyalty'],
  ['#/catalogue', 'Catalogue'],
];

/**
 * The event forms that load on first use (the `forms` chunk of src/ui/pages/mod.rs), opened from a
 * customer: [store, new-form title, edit title, a field of the form, a value for it, its save button].
 */
export const LAZY_FORMS = [
  ['tasks', 'New follow-up', 'Edit follow-up', 'What to do', 'Confirm the flavour', 'Save follow-up'],
  ['cases', 'New complaint', 'Complaint', 'What is the problem?', 'The cake arrived late', 'Save complaint'],
  ['deals', 'New deal', 'Deal', 'What is the deal?', 'Wedding cake', 'Save deal'],
];

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

/** Navigates by address (hash routes) and waits for the page's title in the top bar. */
export async function open(page, base, hash, title) {
  await page.goto(base + hash);
  await visible(page.locator('.topbar-title', { hasText: title }));
  await page.locator('.loading').waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
}

/** Adds a customer through the form; returns its id (from the address of its page). */
export async function addCustomer(page, base, name, tel) {
  await page.goto(base + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (tel) await page.getByLabel('Phone', { exact: true }).fill(tel);
  await page.getByRole('button', { name: 'Save customer' }).click();
  await visible(page.getByRole('heading', { name, level: 2 }));
  return decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
}

/** Customers (one with a record of every kind, one in the Trash, two alike for Find duplicates). Returns { id, other, edits: [hash…] }. */
export async function seed(page, base) {
  const id = await addCustomer(page, base, 'Siti Rahma', '+62 812 3456 7890');
  const other = await addCustomer(page, base, 'José Núñez', '+51 987 654 321');
  const log = async (what, fill, save) => {
    await page.goto(`${base}#/customers/${id}/new/${what}`);
    await fill();
    await page.getByRole('button', { name: save, exact: true }).click();
    await visible(page.getByRole('list', { name: 'History' }));
  };
  await log('interactions', () => page.getByLabel('What was it about?').fill('Asked for a chocolate cake'), 'Save');
  await log('purchases', async () => {
    await page.getByLabel('Total', { exact: true }).fill('150000');
    await page.getByRole('radio', { name: 'Not yet' }).check();
  }, 'Save purchase');
  await log('payments', () => page.getByLabel('Amount paid', { exact: true }).fill('50000'), 'Save payment');
  await log('tasks', () => page.getByLabel('What to do', { exact: true }).fill('Confirm the flavour'), 'Save follow-up');
  await log('cases', () => page.getByLabel('What is the problem?').fill('The cake arrived late'), 'Save complaint');
  // One in the Trash, and a pair for Find duplicates (same phone).
  const gone = await addCustomer(page, base, 'Budi Santoso', '+62 813 1111 2222');
  await page.goto(`${base}#/customers/${gone}/edit`);
  await page.getByRole('button', { name: 'Delete customer' }).click();
  await visible(page.getByText('Budi Santoso moved to the Trash.'));
  await page.goto(base + '#/customers/new');
  await page.getByLabel('Name', { exact: true }).fill('Jose Nunez');
  await page.getByLabel('Phone', { exact: true }).fill('+51 987 654 321');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await visible(page.getByRole('heading', { name: 'Jose Nunez', level: 2 }));
  await page.goto(`${base}#/customers/${id}`);
  const history = page.getByRole('list', { name: 'History' });
  await visible(history);
  const edits = await history.locator('a[href*="/interactions/"], a[href*="/purchases/"], a[href*="/payments/"], a[href*="/tasks/"], a[href*="/cases/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
  if (edits.length < 5) throw new Error(`expected a history link per record kind, found ${edits.join(', ')}`);
  return { id, other, edits };
}

/** Every page: [hash, top-bar title]. */
export function pages({ id, edits }) {
  const c = `#/customers/${encodeURIComponent(id)}`;
  const editTitle = { interactions: 'Edit contact', purchases: 'Edit purchase', payments: 'Edit payment', tasks: 'Edit follow-up', cases: 'Complaint' };
  return [
    ['#/', 'Today'],
    ['#/customers', 'Customers'],
    ['#/customers/new', 'New customer'],
    [c, 'Customer'],
    [`${c}/edit`, 'Edit customer'],
    [`${c}/new/interactions?preset=whatsapp`, 'Log contact'],
    [`${c}/new/purchases`, 'New purchase'],
    [`${c}/new/payments`, 'Record payment'],
    [`${c}/new/tasks`, 'New follow-up'],
    [`${c}/new/cases`, 'New complaint'],
    [`${c}/new/deals`, 'New deal'],
    ...edits.map((h) => [h, editTitle[h.split('/')[3]]]),
    ...LAZY_PAGES,
  ];
}

/** Runs axe-core on the page (needs a context with bypassCSP: the script is injected inline); returns readable lines, one per violating element. */
export async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${n}`));
}

