// Trunk post_build hook (see Trunk.toml): makes the staged build installable, offline and CSP-clean.
//  1. Moves every inline <script> Trunk wrote into index.html (its wasm loader) into an external,
//     content-hashed file, so the Content-Security-Policy needs no 'unsafe-inline'. The loader
//     starts the app's downloads only after the splash has painted (see `deferLoader`).
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

// The attributes of a tag (quoted or not: Trunk minifies the HTML of release builds).
const attrsOf = (tag) => Object.fromEntries([...tag.replace(/^<\w+|\/?>$/g, '').matchAll(/([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)]
  .map(([, k, a, b, c]) => [k.toLowerCase(), a ?? b ?? c ?? '']));

/**
 * Trunk's loader imports the glue, whose init fetches the main wasm, and Trunk's <link
 * rel=modulepreload> (glue; the split adds the link module) and <link rel=preload> (wasm) start
 * those downloads while the HTML is parsed, before the splash paints. Lighthouse's simulation
 * (Lantern) counts every request started before the largest paint as holding it, so the simulated
 * slow 4G put the splash (LCP) after the whole wasm. Here the links go, and the loader adds them
 * back (same integrity values) and fetches the wasm with its integrity right after the first paint
 * (requestAnimationFrame + setTimeout 0; at once when the page is hidden and will not paint).
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
  return `// The app: the glue, its modules and the main wasm are fetched after the splash has painted.
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
else requestAnimationFrame(() => setTimeout(start, 0));
`;
}

const dropped = [];
const scripts = [];
html = html.replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g, (whole, attrs = '', body) => {
  if (/\ssrc\s*=/.test(attrs) || !body.trim()) return whole;
  const code = (scripts.length === 0 ? prelude : '') + (deferLoader(body) ?? body.trim()) + '\n';
  const name = `boot-${hash('sha256', code).slice(0, 16)}.js`;
  scripts.push({ name, code });
  return `<script${attrs} src="./${name}" integrity="sha384-${hash('sha384', code, 'base64')}"></script>`;
});
for (const tag of dropped) html = html.replace(tag, '');
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
