// Trunk post_build hook (see Trunk.toml): makes the staged build installable, offline and CSP-clean.
//  1. Makes the first paint need nothing but index.html: Trunk's inline loader script stays inline
//     (with the theme prelude) and the style sheets are merged into one inline <style>; the
//     Content-Security-Policy allows exactly these two by their sha256 hashes (no 'unsafe-inline').
//     The loader starts the app's downloads right after the splash has painted (see `deferLoader`).
//  2. Writes sw.js from .ci/pwa/sw.template.js with the exact list of files in the build and a cache
//     name derived from their contents: a new build means a new cache, an unchanged one keeps it.
// Plain Node, no packages. Trunk sets TRUNK_STAGING_DIR (the build before it becomes dist/) and
// TRUNK_SOURCE_DIR.
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, normalize, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
if (!staging) throw new Error('post_build: TRUNK_STAGING_DIR is not set (this script is run by Trunk)');

const hash = (alg, data, enc = 'hex') => createHash(alg).update(data).digest(enc);

// 1. Everything the first paint needs, inline.
// Before the app starts (the script runs while <head> is parsed, so before the first paint): apply
// the colour theme chosen in Settings (saved in localStorage too), and keep the browser's install
// offer, which can come before the wasm is ready.
const prelude = `try { const t = localStorage.getItem('rapport.theme'); if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t; } catch (_) {}
addEventListener('beforeinstallprompt', (e) => { e.preventDefault(); window.rapportInstallPrompt = e; dispatchEvent(new Event('rapport-installable')); });
`;
const htmlPath = join(staging, 'index.html');
let html = await readFile(htmlPath, 'utf8');

// The attributes of a tag (quoted or not: Trunk minifies the HTML of release builds).
const attrsOf = (tag) => Object.fromEntries([...tag.replace(/^<\w+|\/?>$/g, '').matchAll(/([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)]
  .map(([, k, a, b, c]) => [k.toLowerCase(), a ?? b ?? c ?? '']));

/**
 * Why the loader waits for the first paint: Trunk's <link rel=modulepreload> (glue; the split adds
 * the link module) and <link rel=preload> (wasm) start those downloads while the HTML is parsed,
 * before the splash paints, and Lighthouse's simulation (Lantern) counts every request started
 * before the largest paint as holding it, so the simulated slow 4G put the splash (LCP) after the
 * whole wasm. Here the links go, and the loader adds them back (same integrity values) and fetches
 * the wasm with its integrity once the document is parsed and painted (DOMContentLoaded, then
 * requestAnimationFrame + setTimeout 0; at once when the page is hidden and will not paint). As
 * the script and the CSS are inline, that paint needs no other request: on the cheap-phone profile
 * (Slow 4G, CPU 4x) the wasm request left at 563 ms against 434 ms with the preload and 769 ms
 * with an external boot script, and the simulated LCP is 0.7 s (docs/performance.md, "Lighthouse
 * (mobile)").
 * Returns the new loader (the links to drop go into `dropped`), or null if `body` is not Trunk's
 * loader (then the page keeps its links).
 */
function deferLoader(body) {
  const glue = /import\s+init\s*,\s*\*\s*as\s+bindings\s+from\s*['"]([^'"]+)['"]/.exec(body)?.[1];
  const wasm = /module_or_path\s*:\s*['"]([^'"]+)['"]/.exec(body)?.[1];
  if (!glue || !wasm) return null;
  const modules = [];
  let wasmIntegrity = null;
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
  for (const tag of links) {
    const a = attrsOf(tag);
    const rel = a.rel?.toLowerCase();
    if (rel === 'modulepreload' && a.href) modules.push([a.href, a.integrity ?? '']);
    else if (rel === 'preload' && a.href === wasm) wasmIntegrity = a.integrity ?? '';
    else continue;
    dropped.push(tag);
  }
  // (Trunk writes both links with integrity values; without them the files load unchecked.)
  if (!modules.some(([href]) => href === glue)) modules.unshift([glue, '']);
  const rest = body
    .replace(/import\s+init\s*,\s*\*\s*as\s+bindings\s+from\s*['"][^'"]+['"]\s*;?/, '')
    .replace(/const\s+wasm\s*=\s*await\s+init\s*\(\s*\{\s*module_or_path\s*:\s*['"][^'"]+['"]\s*\}\s*\)\s*;?/, '')
    .trim();
  // What Trunk's loader does after init (window.wasmBindings, the TrunkApplicationStarted event).
  if (!/TrunkApplicationStarted/.test(rest) || /\binit\b|\bimport\b/.test(rest)) throw new Error(`post_build: Trunk's loader has an unexpected shape:\n${body}`);
  // A classic script (it runs before the first paint; `import()` works in it), in a block so that
  // `start` stays out of the global scope.
  return `{ // The app: the glue, its modules and the main wasm are fetched once the splash has painted.
const start = () => {
  for (const [href, integrity] of ${JSON.stringify(modules)}) {
    const l = document.createElement('link');
    l.rel = 'modulepreload'; l.href = href; l.crossOrigin = 'anonymous';
    if (integrity) l.integrity = integrity;
    document.head.append(l);
  }
  const response = fetch(${JSON.stringify(wasm)}, ${JSON.stringify(wasmIntegrity ? { integrity: wasmIntegrity } : {})});
  import(${JSON.stringify(glue)}).then(async (bindings) => {
    const wasm = await bindings.default({ module_or_path: response });
    ${rest.split('\n').map((l) => l.trim()).filter(Boolean).join('\n    ')}
  });
};
if (document.visibilityState === 'hidden') start();
else addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => setTimeout(start, 0)), { once: true });
}
`;
}

const dropped = [];
const scriptHashes = [];
let loaders = 0;
html = html.replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g, (whole, attrs = '', body) => {
  if (/\ssrc\s*=/.test(attrs) || !body.trim()) return whole;
  const loader = deferLoader(body);
  if (!loader) throw new Error(`post_build: an inline script that is not Trunk's loader:\n${body}`);
  if (loaders++) throw new Error('post_build: two Trunk loaders in index.html');
  const code = prelude + loader;
  if (/<\/script/i.test(code)) throw new Error('post_build: "</script" inside the loader');
  scriptHashes.push(`'sha256-${hash('sha256', code, 'base64')}'`);
  // Classic (no type=module): it must run while <head> is parsed, before the first paint.
  return `<script>${code}</script>`;
});
for (const tag of dropped) html = html.replace(tag, '');

// The style sheets Trunk linked (already minified), merged in their order into one <style> where
// the first one was; their files leave the build.
const sheets = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((tag) => attrsOf(tag).rel?.toLowerCase() === 'stylesheet');
let css = '';
for (const tag of sheets) {
  const href = attrsOf(tag).href ?? '';
  const file = normalize(join(staging, href));
  if (/^[a-z]+:|^\/\//i.test(href) || !file.startsWith(normalize(staging))) throw new Error(`post_build: style sheet outside the build: ${tag}`);
  css += (await readFile(file, 'utf8')).trim() + '\n';
  await rm(file);
}
const styleHashes = [];
if (sheets.length) {
  if (/<\/style/i.test(css)) throw new Error('post_build: "</style" inside the CSS');
  styleHashes.push(`'sha256-${hash('sha256', css, 'base64')}'`);
  html = html.replace(sheets[0], `<style>${css}</style>`);
  for (const tag of sheets.slice(1)) html = html.replace(tag, '');
}

// The policy allows exactly these: their hashes join 'self' in script-src and style-src.
let cspFound = false;
html = html.replace(/(<meta\b[^>]*content=")([^"]*)("[^>]*>)/g, (whole, a, policy, b) => {
  if (!/Content-Security-Policy/i.test(whole)) return whole;
  cspFound = true;
  const add = (p, directive, hashes) => {
    if (!hashes.length) return p;
    const re = new RegExp(`(^|;\\s*)(${directive}\\s[^;]*)`);
    if (!re.test(p)) throw new Error(`post_build: the CSP has no ${directive}`);
    return p.replace(re, (m, pre, d) => `${pre}${d} ${hashes.join(' ')}`);
  };
  return a + add(add(policy, 'script-src', scriptHashes), 'style-src', styleHashes) + b;
});
if (!cspFound && (scriptHashes.length || styleHashes.length)) throw new Error('post_build: no Content-Security-Policy <meta> to add the hashes to');
if (html.indexOf('Content-Security-Policy') > html.search(/<script|<style/)) throw new Error('post_build: the policy must come before the inline script and style');
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
console.log(`post_build: loader${loaders ? '' : ' (none)'} and ${sheets.length} style sheet(s) inline; ${release ? `sw.js precaches ${all.length} files (cache rapport-${version})` : 'development sw.js (no cache)'}`);
