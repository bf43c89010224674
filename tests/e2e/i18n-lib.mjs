// What the i18n specs share: the locale files, the English phrases that must not show in another
// language, and switching the app's language in Settings.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'ui', 'locales');

/** "namespace.key" → value for one language. */
export function load(lang) {
  const out = new Map();
  const walk = (prefix, v) => {
    if (typeof v === 'string') out.set(prefix, v);
    else for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
  };
  for (const f of readdirSync(join(LOCALES, lang)).filter((f) => f.endsWith('.json'))) {
    walk(f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')));
  }
  return out;
}

/** English phrases that must not show in `lang`: the literal parts (longer than 4 letters, around
 *  any {placeholder}) of each English value that the language translates differently. */
export function englishLeftovers(lang) {
  const en = load('en');
  const other = load(lang);
  const phrases = new Set();
  for (const [key, value] of en) {
    if (other.get(key) === value) continue;
    for (const part of value.split(/\{[a-z_]+\}/)) {
      const p = part.trim().replace(/^[.,:;·—(“”]+|[.,:;·—)“”]+$/g, '').trim();
      // Single capitalised words such as "Lead" could also be a customer's typed data: only
      // check phrases with a space, or words of 6 letters and more.
      if (p.length > 4 && (p.includes(' ') || p.length >= 6)) phrases.add(p);
    }
  }
  // A phrase the language itself uses in its own texts ("Status pelanggan", "consentimiento de
  // marketing", "iPhone") is not English left over.
  const own = [...other.values()];
  for (const p of [...phrases]) if (own.some((v) => has(v, p))) phrases.delete(p);
  // Words any leftover English sentence would carry, whether or not it is in a locale file yet.
  return { phrases: [...phrases], words: /\b(the|your|you|with|this|customers?|purchases?|payments?|save|delete|cancel)\b/i };
}

/** Whether `text` has `phrase` as whole words (Spanish "Cancelar" does not contain "Cancel").
 *  Template placeholders ({stamps_left}, {points}) are the same in every language: not words. */
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const has = (text, phrase) => new RegExp(`(?<![\\p{L}\\p{N}_])${escape(phrase)}(?![\\p{L}\\p{N}_])`, 'u')
  .test(text.replace(/\{[a-z_]+\}/g, ' '));

/** Switches the app to `code` (en, es, id) in Settings and waits for <html lang>. */
export async function setLanguage(page, base, code) {
  await page.goto(base + '#/settings');
  const select = page.locator('#s-language');
  await select.waitFor();
  await select.selectOption(code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code, { timeout: 10_000 });
}
