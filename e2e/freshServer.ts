import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { registerRelayDir } from "./fixtures";

/**
 * A relay of its own on an empty database, for journeys that must start from nothing (the first
 * admin): the shared e2e relay carries demo accounts, and `admin init` refuses once any account
 * exists. Uses the release binary and the built site that `cargo xtask test` hands over
 * (`YORISOI_SERVER_BIN`, `YORISOI_SITE_DIR`), falling back to the workspace's build outputs.
 */
export class FreshServer {
  private constructor(
    readonly baseUrl: string,
    readonly bin: string,
    readonly databaseUrl: string,
    readonly keyFile: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<FreshServer> {
    const root = path.resolve(__dirname, "..");
    const bin = process.env.YORISOI_SERVER_BIN ?? path.join(root, "target/release/server");
    const site = process.env.YORISOI_SITE_DIR ?? path.join(root, "target/site");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yorisoi-fresh-"));
    // Its database and log are scanned for canaries after the suite, like the shared relay's.
    registerRelayDir(dir);
    const databaseUrl = `sqlite://${path.join(dir, "yorisoi.db")}`;
    // The relay creates its key file (TOTP sealing, code hashes, the audit anchor) on this first
    // start; `admin init` below opens the same one.
    const keyFile = path.join(dir, "yorisoi.key");
    const env = { ...process.env, YORISOI_LOG: "warn" };
    delete env.YORISOI_DEMO;
    delete env.DATABASE_URL;
    delete env.YORISOI_KEY_FILE;
    const child = spawn(
      bin,
      ["serve", "--bind", "127.0.0.1:0", "--database-url", databaseUrl, "--key-file", keyFile, "--site-dir", site],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const log = fs.createWriteStream(path.join(dir, "server.log"));
    child.stderr?.pipe(log);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`fresh relay did not start: ${out}`)), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = out.match(/yorisoi: listening on (http:\/\/\S+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on("exit", (code) => reject(new Error(`fresh relay exited (${code}): ${out}`)));
    });
    return new FreshServer(baseUrl, bin, databaseUrl, keyFile, child, dir);
  }

  /** `server admin init`: the first admin's one-time invite link. */
  adminInit(): string {
    const out = execFileSync(
      this.bin,
      ["admin", "init", "--database-url", this.databaseUrl, "--key-file", this.keyFile, "--base-url", this.baseUrl],
      { encoding: "utf8", env: { ...process.env, YORISOI_LOG: "warn" } },
    );
    const m = out.match(/https?:\/\/\S+\/invite#\S+/);
    if (!m) throw new Error(`no invite link in: ${out}`);
    return m[0];
  }

  /**
   * Runs one SQL statement straight on the relay's database file, as someone holding a copy of
   * it (or the operator) could: the journeys use it to play the rogue operator. Answers the rows
   * as JSON arrays; `params` bind to `?` (strings, numbers, or `{ hex }` for blobs).
   */
  sql(statement: string, params: Array<string | number | { hex: string }> = []): unknown[][] {
    const file = this.databaseUrl.replace(/^sqlite:\/\//, "");
    const script = `
import json, sqlite3, sys
params = [bytes.fromhex(p["hex"]) if isinstance(p, dict) else p for p in json.loads(sys.argv[3])]
db = sqlite3.connect(sys.argv[1], timeout=10)
rows = db.execute(sys.argv[2], params).fetchall()
db.commit()
print(json.dumps([[v.hex() if isinstance(v, bytes) else v for v in row] for row in rows]))
`;
    const out = execFileSync("python3", ["-c", script, file, statement, JSON.stringify(params)], {
      encoding: "utf8",
    });
    return JSON.parse(out) as unknown[][];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await exited;
    }
    // Under `cargo xtask test` the directory stays for the canary scan, which then removes it.
    if (!process.env.YORISOI_CANARIES) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
