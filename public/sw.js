// Yorisoi service worker.
//
// - Precaches the built files listed in sw-precache.js (written by `cargo xtask` with a content
//   version), so the app starts with no network at all.
// - Hashed assets and the shell: cache first. Navigation: network first (with a short timeout for
//   a poor signal), falling back to the cached shell.
// - Never touches /api: API answers may carry ciphertext and must not sit in any cache.
// - A new version installs and waits; the page asks the user, then posts "skip-waiting".
importScripts("/sw-precache.js");

const PRECACHE = self.YORISOI_PRECACHE;
const CACHE_PREFIX = "yorisoi-shell-";
const CACHE_NAME = CACHE_PREFIX + PRECACHE.version;
const SHELL = "/index.html";
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) =>
      // "reload" bypasses the HTTP cache so a stale copy never enters a new version's cache.
      cache.addAll(PRECACHE.files.map((url) => new Request(url, { cache: "reload" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE_NAME)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    event.respondWith(networkFirstShell(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

async function networkFirstShell(request) {
  const cache = await caches.open(CACHE_NAME);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) return response;
    return (await cache.match(SHELL)) || response;
  } catch (_) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw _;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE_NAME });
  if (cached) return cached;
  return fetch(request);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
