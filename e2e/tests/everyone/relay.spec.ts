import { test, expect } from "../../fixtures";

// The relay's HTTP contract that every later feature relies on.
test.describe("relay headers and errors", () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

  test("every response carries the security headers; the API is never cached", async ({ request }) => {
    for (const path of ["/", "/v/today", "/styles.css", "/api/health", "/api/no-such-endpoint"]) {
      const r = await request.get(path);
      const h = r.headers();
      expect(h["content-security-policy"], path).toContain(csp);
      expect(h["content-security-policy"], path).toContain("object-src 'none'");
      expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(h["content-security-policy"], path).toContain("base-uri 'none'");
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["referrer-policy"], path).toBe("no-referrer");
      expect(h["permissions-policy"], path).toContain("camera=()");
      if (path.startsWith("/api")) expect(h["cache-control"], path).toBe("no-store");
    }
  });

  test("health reports the database and the schema version", async ({ request }) => {
    const r = await request.get("/api/health");
    expect(r.status()).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(body.schema_version).toBeGreaterThanOrEqual(1);
  });

  test("errors have one JSON shape and bad input never gets a 5xx", async ({ request }) => {
    const cases = [
      request.get("/api/no-such-endpoint"),
      request.post("/api/health", { data: "{not json" }),
      request.delete("/api/health"),
      request.post("/api/no-such-endpoint", { data: "x".repeat(300 * 1024) }),
      request.get("/pkg/missing-file.js"),
    ];
    for (const r of await Promise.all(cases)) {
      expect(r.status(), r.url()).toBeGreaterThanOrEqual(400);
      expect(r.status(), r.url()).toBeLessThan(500);
      const body = await r.json();
      expect(Object.keys(body).sort()).toEqual(["error", "message"]);
    }
  });

  test("the wasm bundle is served precompressed with its MIME type and cached immutably", async ({
    request,
  }) => {
    const boot = await (await request.get("/boot.js")).text();
    const wasmPath = /wasm: "(\/pkg\/volunteer-[0-9a-f]+_bg\.wasm)"/.exec(boot)?.[1];
    expect(wasmPath).toBeDefined();
    const r = await request.get(wasmPath!, { headers: { "accept-encoding": "br, gzip" } });
    expect(r.status()).toBe(200);
    expect(r.headers()["content-type"]).toBe("application/wasm");
    expect(r.headers()["content-encoding"]).toBe("br");
    expect(r.headers()["cache-control"]).toContain("immutable");
  });

  test("script payloads in the URL never execute", async ({ page }) => {
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto("/v/%3Cscript%3Ealert(1)%3C%2Fscript%3E?q=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E");
    await expect(page.getByTestId("not-found")).toBeVisible();
    expect(dialogs).toBe(0);
  });
});
