// Trunk post_build hook (see Trunk.toml): makes the staged build installable, offline and CSP-clean.
//  1. Moves every inline <script> Trunk wrote into index.html (its wasm loader) into an external,
//     content-hashed file, so the Content-Security-Policy needs no 'unsafe-inline'.
//  2. Writes sw.js from .ci/pwa/sw.template.js with the exact list of files in the build and a cache
//     name derived from their contents: a new build means a new cache, an unchanged one keeps it.
// Plain Node, no packages. Trunk sets TRUNK_STAGING_DIR (the build before it becomes dist/) and
// TRUNK_SOURCE_DIR.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
if (!staging) throw new Error('post_build: TRUNK_STAGING_DIR is not set (this script is run by Trunk)');

const hash = (alg, data, enc = 'hex') => createHash(alg).update(data).digest(enc);

// 1. Inline scripts -> external files.
// Before the app starts: apply the colour theme chosen in Settings (saved in localStorage too), and
// keep the browser's install offer, which can come before the wasm is ready.
const prelude = `try { const t = localStorage.getItem('rapport.theme'); if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t; } catch (_) {}
addEventListener('beforeinstallprompt', (e) => { e.preventDefault(); window.rapportInstallPrompt = e; dispatchEvent(new Event('rapport-installable')); });
`;
const htmlPath = join(staging, 'index.html');
let html = await readFile(htmlPath, 'utf8');
const scripts = [];
html = html.replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g, (whole, attrs = '', body) => {
  if (/\ssrc\s*=/.test(attrs) || !body.trim()) return whole;
  const code = (scripts.length === 0 ? prelude : '') + body.trim() + '\n';
  const name = `boot-${hash('sha256', code).slice(0, 16)}.js`;
  scripts.push({ name, code });
  return `<script${attrs} src="./${name}" integrity="sha384-${hash('sha384', code, 'base64')}"></script>`;
});
if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) throw new Error('post_build: an inline <script> is left in index.html');
for (const s of scripts) await writeFile(join(staging, s.name), s.code);
await writeFile(htmlPath, html);

// 2. The service worker, with the exact build output.
async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}
const all = (await files(staging))
  .map((p) => relative(staging, p).split(sep).join('/'))
  .filter((p) => p !== 'sw.js' && !p.startsWith('.'))
  .sort();
const digest = createHash('sha256');
for (const f of all) digest.update(f).update('\0').update(await readFile(join(staging, f)));
const version = digest.digest('hex').slice(0, 16);
// Debug builds (`trunk serve`) get a worker that caches nothing and clears old caches, so a rebuild
// is always what the browser shows; release builds get the precaching one.
const release = process.env.TRUNK_PROFILE === 'release';
const template = release
  ? await readFile(join(source, '.ci', 'pwa', 'sw.template.js'), 'utf8')
  : `// Development build (__VERSION__): no offline cache. Files: __PRECACHE__
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(
  caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('rapport-')).map((k) => caches.delete(k)))).then(() => self.clients.claim())));
`;
const sw = template
  .replace('__VERSION__', version)
  .replace('__PRECACHE__', JSON.stringify(all.map((f) => `./${f}`)));
if (sw.includes('__VERSION__') || sw.includes('__PRECACHE__')) throw new Error('post_build: sw template placeholders not replaced');
await writeFile(join(staging, 'sw.js'), sw);
console.log(`post_build: ${scripts.length} inline script(s) moved out; ${release ? `sw.js precaches ${all.length} files (cache rapport-${version})` : 'development sw.js (no cache)'}`);
