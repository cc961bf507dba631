import { createHmac } from "node:crypto";

/**
 * RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30-second steps), as an authenticator app computes it
 * from the base32 secret shown at enrolment.
 */
export const PERIOD_MS = 30_000;

export function base32Decode(input: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const clean = input.replace(/[\s=-]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export function stepAt(unixMs: number): number {
  return Math.floor(unixMs / PERIOD_MS);
}

export function codeAtStep(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac("sha1", base32Decode(secretBase32)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, "0");
}

/**
 * A code the relay has not seen yet: the relay accepts each step at most once (and nothing
 * earlier), so after a code of step `usedStep` this waits for the next step. Also avoids the
 * last two seconds of a step, so the code is still current when the form reaches the relay.
 */
export async function freshCode(
  secretBase32: string,
  usedStep: number | undefined,
): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = Date.now();
    const step = stepAt(now);
    const intoStep = now % PERIOD_MS;
    if ((usedStep === undefined || step > usedStep) && intoStep < PERIOD_MS - 2_000) {
      return { code: codeAtStep(secretBase32, step), step };
    }
    await new Promise((r) => setTimeout(r, Math.min(PERIOD_MS - intoStep + 50, 1_000)));
  }
}
