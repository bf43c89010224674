// The import preview and the restore screen in Spanish and Indonesian: a CSV with bad rows (two
// with no name, phone or email; an invalid email; a too-long name; an unreadable birthday; a duplicate;
// an unknown status and consent; an extra cell; a phone number mangled by a spreadsheet) and a
// vCard with a contact that has nobody in it show their problems and warnings with no English
// phrase and with the language's plurals ("1 fila" / "2 filas"); a malformed and a damaged backup
// file are refused in the owner's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, phone, screenshot } from '../lib.mjs';
import { englishLeftovers, has, load, setLanguage } from '../i18n-lib.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 15_000 });

const LONG_NAME = 'Nama'.repeat(60); // 240 letters: shortened to 200, with a warning

// Row numbers as a spreadsheet shows them (header = 1).
const CSV = [
  'Name,Phone,Email,Birthday,Status,Consent',
  'Siti Rahma,0812 3456 7890,siti@example.com,14/03/1985,customer,yes', // 2: fine
  ',,,,lead,', // 3: nobody to add
  'Budi Santoso,,budi@salah,,,', // 4: not an email: into the notes
  `${LONG_NAME},0813 2222 3333,,,,`, // 5: name shortened
  'Dewi Lestari,0813 1111 2222,,31/02/1990,,', // 6: birthday into the notes
  'Siti again,0812 3456 7890,,,,', // 7: the same phone as row 2
  'Ani Wijaya,0814 5555 6666,,,vip,maybe', // 8: unknown status and consent
  'Eka Putri,0815 1234 5678,,,,,extra', // 9: more cells than the header
  'Fajar Nugroho,6.28123E+12,,,,', // 10: a phone in scientific notation
  ',,,,,yes', // 11: nobody to add
].join('\r\n') + '\r\n';

const VCF = [
  'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ana Susanti', 'TEL;TYPE=CELL:0812 9999 0000', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'NOTE:nobody here', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'FN:Rina Cut', 'TEL:0812 7777 0000',
].join('\r\n');

/** What the file holds: data, not UI text. */
const DATA = ['Siti Rahma', 'Siti again', 'Budi Santoso', 'budi@salah', LONG_NAME.slice(0, 200), 'Dewi Lestari',
  'Ani Wijaya', 'Eka Putri', 'Fajar Nugroho', 'Ana Susanti', 'Rina Cut', 'siti@example.com', 'nobody here'];

/** `one` or `other` for `n` the way the app does (Indonesian has one form), `{n}` filled. */
function plural(lang, n, one, other) {
  return (n === 1 && lang !== 'id' ? one : other).replace('{n}', String(n));
}

/** The problems and warnings of the import preview (every list opened), without the file's data. */
async function previewText(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  let text = await page.locator('.imp-list').allInnerTexts();
  text = text.join('\n');
  for (const d of DATA) text = text.split(d).join(' ');
  return text;
}

function englishIn(text, lang) {
  const { phrases, words } = englishLeftovers(lang);
  const found = phrases.filter((p) => has(text, p)).map((p) => `"${p}"`);
  const w = text.match(new RegExp(words.source, 'gi'));
  if (w) found.push(`English word(s) ${[...new Set(w)].join(', ')}`);
  return found;
}

async function chooseFile(page, name, mimeType, text) {
  await page.goto(server.url + '#/import');
  const input = page.locator('#imp-file');
  await input.waitFor({ state: 'attached', timeout: 15_000 });
  await input.setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
}

for (const lang of ['es', 'id']) {
  test(`import problems and warnings, and restore errors, in ${lang}`, { timeout: 180_000 }, async () => {
    const t = load(lang);
    const { context, page, errors } = await phone(browser, { locale: 'en-ID' });
    await page.goto(server.url);
    await setLanguage(page, server.url, lang);

    // A CSV with bad rows.
    await chooseFile(page, 'contactos.csv', 'text/csv', CSV);
    const read = plural(lang, 10, t.get('import.read_rows_one'), t.get('import.read_rows_n')).replace('{name}', 'contactos.csv');
    await visible(page.getByText(read));
    const why2 = plural(lang, 2, t.get('import.why_one'), t.get('import.why_n'));
    await visible(page.getByText(why2));
    if (lang === 'es') assert.equal(why2, 'Por qué 2 filas no se pueden importar');
    const summary = await page.locator('.imp-list summary').allInnerTexts();
    const warned = summary.map((s) => s.match(/\d+/)).filter(Boolean).map((m) => Number(m[0]));
    assert.equal(warned.length, 2, `two lists: ${summary.join(' | ')}`);
    assert.equal(summary[1], plural(lang, warned[1], t.get('import.check_one'), t.get('import.check_n')));
    assert.deepEqual(warned, [2, 6], 'rows 3 and 11 cannot be imported; rows 4, 5, 6, 8, 9 and 10 are to check');
    let text = await previewText(page);
    // Each problem and warning in the language's words.
    const row = (n) => t.get('import.row').replace('{n}', String(n));
    for (const [n, key] of [[3, 'import.p_nobody'], [4, 'import.w_not_email'], [6, 'import.w_birthday'], [8, 'import.w_status'],
      [8, 'import.w_consent'], [9, 'import.w_extra_cells'], [10, 'import.w_phone_mangled'], [5, 'import.w_name_long']]) {
      // The longest literal part of the message (around its {value}).
      const words = t.get(key).split(/\{[a-z]+\}/).map((p) => p.trim()).sort((a, b) => b.length - a.length)[0];
      assert.ok(text.includes(words), `${row(n)}: "${words}" in\n${text}`);
    }
    assert.deepEqual(englishIn(text, lang), [], `English in the ${lang} preview:\n${text}`);
    // Counts read right: no "1 filas", "1 clientes nuevos".
    const page1 = await page.locator('.import').innerText();
    assert.doesNotMatch(page1, /\b1 (filas|contactos|clientes|coinciden)\b/, page1);
    await visible(page.locator('.imp-counts').getByText(plural(lang, 1, t.get('import.match_one'), t.get('import.match_n')).trim()));
    await page.locator('.imp-list').first().scrollIntoViewIfNeeded();
    await screenshot(page, `i18n-import-${lang}-csv`);

    // A vCard with a contact that has nobody in it, and one cut off by the end of the file.
    await chooseFile(page, 'kontak.vcf', 'text/vcard', VCF);
    const readV = plural(lang, 3, t.get('import.read_contacts_one'), t.get('import.read_contacts_n')).replace('{name}', 'kontak.vcf');
    await visible(page.getByText(readV));
    const why1 = plural(lang, 1, t.get('import.why_one'), t.get('import.why_n'));
    await visible(page.getByText(why1));
    await visible(page.getByText(plural(lang, 1, t.get('import.check_one'), t.get('import.check_n'))));
    if (lang === 'es') assert.equal(why1, 'Por qué 1 fila no se puede importar');
    text = await previewText(page);
    assert.ok(text.includes(t.get('import.p_nobody')), text);
    assert.ok(text.includes(t.get('import.w_cut_off')), text);
    assert.deepEqual(englishIn(text, lang), [], `English in the ${lang} vCard preview:\n${text}`);
    assert.doesNotMatch(await page.locator('.import').innerText(), /\b1 (filas|contactos|clientes|coinciden)\b/);
    await page.locator('.imp-list').first().scrollIntoViewIfNeeded();
    await screenshot(page, `i18n-import-${lang}-vcf`);

    // Restore: a file that is not a backup, then a damaged backup.
    await page.goto(server.url + '#/backup');
    const file = page.locator('#bk-file');
    await file.waitFor({ state: 'attached', timeout: 15_000 });
    const alert = file.locator('xpath=../following-sibling::p[@role="alert"][1]');
    await file.setInputFiles({ name: 'hello.json', mimeType: 'application/json', buffer: Buffer.from('hello') });
    await visible(alert.getByText(t.get('backup.e_not_json')));
    await file.setInputFiles({
      name: 'rapport-backup-2026-01-01.json', mimeType: 'application/json',
      buffer: Buffer.from('{"format":"rapport-backup","version":2,"exported_at":"yesterday"}'),
    });
    const damaged = t.get('backup.e_invalid').replace('{what}', t.get('backup.part_file')).replace('{detail}', t.get('backup.d_no_date'));
    await visible(alert.getByText(damaged));
    assert.deepEqual(englishIn(await alert.innerText(), lang), []);
    await screenshot(page, `i18n-import-${lang}-restore`);

    assert.deepEqual(errors, []);
    await context.close();
  });
}
