// Leitai's service worker: the judge's page opens, and scores, with no network.
// The server fills in the build's version and its exact files (see server/src/pwa.rs).
const VERSION = "__VERSION__";
const CACHE = "leitai-" + VERSION;
const SHELL = "/j";
const PRECACHE = __PRECACHE__;
// On venue Wi-Fi a page that takes longer than this is served from the cache instead.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([SHELL, ...PRECACHE])));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("leitai-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

function isJudgePage(url) {
  return url.pathname === SHELL || url.pathname.startsWith(SHELL + "/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API and the event stream always go to the network, untouched.
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/_ui/")) return;
  if (request.mode === "navigate") {
    if (isJudgePage(url)) event.respondWith(judgePage(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

// The cached shell is the one this worker installed with: it loads exactly the files in
// this worker's cache, so an offline start never asks for another build's files. (The
// judge's page renders in the browser from the device's storage; the shell is only its
// loader.)
async function judgePage(request) {
  try {
    return await Promise.race([fetch(request), timeout(NAVIGATION_TIMEOUT_MS)]);
  } catch (_) {
    const cache = await caches.open(CACHE);
    return (await cache.match(SHELL)) || Response.error();
  }
}
