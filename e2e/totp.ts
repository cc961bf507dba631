import { Secret, TOTP } from "otpauth";

const PERIOD_S = 30;

/**
 * Someone's authenticator app: RFC 6238 (HMAC-SHA-1, 6 digits, 30-second steps) from the
 * `otpauth` package. What is ours is the waiting: the relay accepts each step at most once (and
 * nothing earlier), so a second code waits for the next step.
 */
export class Authenticator {
  private readonly totp: TOTP;
  /** The last step a code was taken from (by this authenticator). */
  lastStep: number | undefined;

  /** From the base32 secret shown at enrolment ("JBSW Y3DP ..."; spaces are ignored). */
  constructor(secretBase32: string) {
    this.totp = new TOTP({
      secret: Secret.fromBase32(secretBase32.replace(/\s/g, "")),
      algorithm: "SHA1",
      digits: 6,
      period: PERIOD_S,
    });
  }

  /** A demo account's secret, published as ASCII by the relay's demo data. */
  static fromAscii(secret: string): Authenticator {
    return new Authenticator(Secret.fromLatin1(secret).base32);
  }

  /**
   * A code the relay has not accepted before: from a later step than the last one used, and not
   * from the last two seconds of a step, so it is still current when the form reaches the relay.
   */
  async code(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const step = TOTP.counter({ period: PERIOD_S, timestamp: now });
      const intoStep = now % (PERIOD_S * 1000);
      if ((this.lastStep === undefined || step > this.lastStep) && intoStep < PERIOD_S * 1000 - 2_000) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: now });
      }
      await new Promise((r) => setTimeout(r, Math.min(PERIOD_S * 1000 - intoStep + 50, 1_000)));
    }
  }
}

