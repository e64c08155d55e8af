/*
 * The web app's service worker: the app opens without a network once it has been opened with one.
 *
 * Why: the check-in page is used at the door of a Folkets Hus that may have no signal. Its list and its queued
 * check-ins are kept in localStorage (features/check-in/storage.ts), but without this a reload, or a phone that
 * drops the tab to free memory, would find no app to load until the network is back.
 *
 * What it keeps, and nothing else:
 * - the app's page (index.html, no personal data) from every navigation that reached the server: network first,
 *   the kept copy only when the network fails;
 * - the hashed bundles under /assets/ as they are loaded: cache first (a name never changes its content), at most
 *   MAX_ASSETS of them, the oldest dropped.
 * Never the API (/api), the public pages from mail (/u /v /r /h /s) or the health check: those always go to the
 * network, so no answer with personal data and no stale state is ever served from here.
 */
const SHELL_CACHE = 'crm-shell-v1';
const ASSET_CACHE = 'crm-assets-v1';
const SHELL_KEY = '/__app-shell';
const MAX_ASSETS = 150;
const NOT_APP = /^\/(api|u|v|r|h|s|health)(\/|$)/i;

// The page itself, fetched once at install: the navigation that registered this worker did not pass through it.
self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch('/', { headers: { Accept: 'text/html' }, cache: 'no-store' })
      .then((response) => keepShell(response))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

// The bundles the page loaded before this worker ran (main.tsx sends their addresses once it is ready).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep-assets' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    Promise.all(
      data.urls
        .filter((u) => typeof u === 'string')
        .map((u) => new URL(u, self.location.origin))
        .filter((u) => u.origin === self.location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => asset(new Request(u.href)).catch(() => undefined)),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== SHELL_CACHE && k !== ASSET_CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NOT_APP.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});

async function shell(request) {
  try {
    const response = await fetch(request);
    await keepShell(response.clone());
    return response;
  } catch (err) {
    const kept = await caches.match(SHELL_KEY, { cacheName: SHELL_CACHE });
    if (kept) return kept;
    throw err;
  }
}

async function keepShell(response) {
  const type = response.headers.get('content-type') || '';
  if (!response.ok || !type.includes('text/html')) return;
  const cache = await caches.open(SHELL_CACHE);
  await cache.put(SHELL_KEY, response);
}

async function asset(request) {
  const cache = await caches.open(ASSET_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    // Keys come back in insertion order: the oldest go first.
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(old);
  }
  return response;
}
