// Trunk post_build hook (see Trunk.toml; runs BEFORE .ci/pwa/post_build.mjs, in the same command,
// so the service worker's file list has the chunks): cuts Rapport's wasm at its split points (the
// lazy pages, src/ui/pages/lazy.rs) into a main module plus chunks fetched on first use, and puts
// them in place of the single wasm Trunk staged.
//
// Usage: node .ci/split/post_build_split.mjs <cargo bin name>   (run by Trunk: TRUNK_STAGING_DIR,
// TRUNK_SOURCE_DIR, TRUNK_PROFILE are set). Does nothing when the build has no split point (the
// cargo feature `split` is off: `trunk serve`, plain `trunk build`).
// Needs on PATH (.ci/setup installs them, .ci/env puts them first): wasm-split-cli
// (wasm_split_cli_support 0.2.4), wasm-bindgen (same version as the crate), wasm-opt (binaryen, the
// version Trunk.toml pins; release only). The cargo link must have kept its relocations
// (--emit-relocs: build.rs adds it with the feature). Plain Node, no packages.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
const profile = process.env.TRUNK_PROFILE || 'debug'; // "release" or "debug"
const bin = process.argv[2];
if (!staging || !bin) throw new Error('split: run by Trunk, with the cargo bin name as argument');

const sha = (alg, data, enc = 'hex') => createHash(alg).update(data).digest(enc);
const sri = (data) => `sha384-${sha('sha384', data, 'base64')}`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: source, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

// 1. Trunk's staged glue + wasm: <bin>-<hash>.js and <bin>-<hash>_bg.wasm.
const esc = bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const jsNames = readdirSync(staging).filter((f) => new RegExp(`^${esc}(-[0-9a-f]+)?\\.js$`).test(f));
if (jsNames.length !== 1) throw new Error(`split: expected one ${bin}[-hash].js in staging, found ${jsNames}`);
const stem = jsNames[0].slice(0, -3);
const jsPath = join(staging, `${stem}.js`);
const wasmPath = join(staging, `${stem}_bg.wasm`);
const oldJs = readFileSync(jsPath);
if (!oldJs.includes('__wasm_split_placeholder__')) {
  console.log('split: no split point in this build (cargo feature "split" off): one wasm');
  process.exit(0);
}
const oldWasm = readFileSync(wasmPath);

// 2. The wasm cargo linked (before wasm-bindgen), with its relocations.
const meta = JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline']));
const raw = join(meta.target_directory, 'wasm32-unknown-unknown', profile, `${bin}.wasm`);
if (!existsSync(raw)) throw new Error(`split: ${raw} not found`);
if (!readFileSync(raw).includes('reloc.CODE')) throw new Error(`split: ${raw} has no reloc.CODE: link with --emit-relocs (build.rs, feature "split")`);

// The tools must be the pinned ones: another wasm-bindgen writes glue the crate does not match, and
// an old wasm-opt (Debian's 108) writes a wasm that fails at load with no build error.
const bindgenVersion = run('wasm-bindgen', ['--version']).trim();
const lock = readFileSync(join(source, 'Cargo.lock'), 'utf8');
const want = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
if (want && !bindgenVersion.endsWith(` ${want}`)) throw new Error(`split: ${bindgenVersion} on PATH, Cargo.lock has ${want}`);
if (profile === 'release') {
  const pin = /wasm_opt\s*=\s*"version_(\d+)"/.exec(readFileSync(join(source, 'Trunk.toml'), 'utf8'))?.[1];
  const have = run('wasm-opt', ['--version']).trim();
  if (pin && !new RegExp(`version ${pin}\\b`).test(have)) throw new Error(`split: ${have} on PATH, Trunk.toml pins version_${pin} (source .ci/env)`);
}

const tmp = mkdtempSync(join(tmpdir(), 'rapport-split-'));
try {
  // 3. Split. The link module __wasm_split.js imports initSync from "./<stem>.js" (the glue), and
  //    the main wasm imports the chunk loaders from "./__wasm_split.js".
  const splitDir = join(tmp, 'split');
  run('wasm-split-cli', [raw, splitDir, '--target', 'web', '--out-name', stem]);
  // 4. wasm-bindgen on the main module only, keeping the exports the chunks link against
  //    (without --keep-lld-exports every chunk fails: LinkError … __indirect_function_table).
  const bgDir = join(tmp, 'bg');
  run('wasm-bindgen', ['--target=web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
    `--out-dir=${bgDir}`, `--out-name=${stem}`, join(splitDir, `${stem}.wasm`)]);
  const mainWasm = join(bgDir, `${stem}_bg.wasm`);
  const chunks = readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`).sort();
  // 5. wasm-opt every module (release only, as Trunk does), dropping the custom sections no
  //    browser reads (wasm-bindgen is done with them; ~200 B in each of dozens of small chunks).
  if (profile === 'release') {
    for (const f of [mainWasm, ...chunks.map((c) => join(splitDir, c))]) {
      run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
        '--strip-producers', '--strip-target-features', f, '-o', f]);
    }
  }
  // 6. Content-hashed names for the chunks and the link module (the splitter does not hash them; a
  //    stale cached chunk next to a new main module would break). The service worker treats names
  //    ending in -<16 hex> as immutable.
  let link = readFileSync(join(splitDir, '__wasm_split.js'), 'utf8');
  const written = [];
  for (const c of chunks) {
    const data = readFileSync(join(splitDir, c));
    const hashed = `${c.slice(0, -5)}-${sha('sha256', data).slice(0, 16)}.wasm`;
    const ref = `"./${c}"`;
    if (!link.includes(ref)) throw new Error(`split: ${ref} not in __wasm_split.js`);
    link = link.split(ref).join(`"./${hashed}"`);
    writeFileSync(join(staging, hashed), data);
    written.push([hashed, data.length]);
  }
  const linkName = `__wasm_split-${sha('sha256', link).slice(0, 16)}.js`;
  writeFileSync(join(staging, linkName), link);
  // Only the import specifier changes; the imports-object key must stay the wasm's module name.
  let glue = readFileSync(join(bgDir, `${stem}.js`), 'utf8');
  const spec = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
  if (!spec.test(glue)) throw new Error('split: glue does not import ./__wasm_split.js');
  glue = glue.replace(spec, `$1$2./${linkName}$2`);
  writeFileSync(jsPath, glue);
  copyFileSync(mainWasm, wasmPath);

  // 7. index.html: Trunk's integrity values (modulepreload / preload) are of its own files; a stale
  //    one on the glue would block the app entirely.
  const htmlPath = join(staging, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');
  for (const [before, after] of [[oldJs, readFileSync(jsPath)], [oldWasm, readFileSync(wasmPath)]]) {
    const old = sri(before);
    if (html.includes(old)) html = html.split(old).join(sri(after));
  }
  // The link module comes with the glue instead of after it (it is part of the first load).
  html = html.replace('</head>', `<link rel="modulepreload" href="./${linkName}" integrity="${sri(link)}" crossorigin="anonymous"></head>`);
  writeFileSync(htmlPath, html);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`split: ${stem}_bg.wasm ${kb(readFileSync(wasmPath).length)} + ${linkName} + ${written.length} chunk(s): ` +
    written.map(([n, size]) => `${n} ${kb(size)}`).join(', '));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
