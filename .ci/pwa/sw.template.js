// Rapport's service worker, written by .ci/pwa/post_build.mjs after each build: it precaches exactly the
// files of that build, so the whole app works with no network. Placeholders: the cache version (a
// hash of every file) and the file list.
const CACHE = 'rapport-__VERSION__';
const PRECACHE = __PRECACHE__;
const SHELL = './index.html';

self.addEventListener('install', (event) => {
  // Files with a content hash in their name may come from the HTTP cache (the page has just
  // downloaded them: no second download of the wasm); the others are revalidated ('no-cache'), so a
  // new version never stores an old index.html.
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: hashed.test(url) ? 'default' : 'no-cache' })))),
  );
  // No skipWaiting here: a new version waits until the owner taps "Reload" (see the message below).
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('rapport-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // Every page of the app is index.html plus a #hash: answer from the cache, even offline.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(SHELL)).then((hit) => hit || fetch(req)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(req, { ignoreSearch: true })).then((hit) => hit || fetch(req)),
  );
});

// A tap on a follow-up reminder brings Rapport to the front (or opens it).
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      const open = list.find((c) => 'focus' in c);
      return open ? open.focus() : self.clients.openWindow('./');
    }),
  );
});
