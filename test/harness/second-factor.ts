// The authenticator app a browser test carries: it reads the key a first sign-in shows, and gives
// the code of a step no sign-in of that account has used yet (the server never takes one twice).
import type { Page } from 'playwright-core';
import { base32Decode, hotp, stepAt } from '../../server/src/auth/totp.ts';

export class Authenticator {
  private readonly keys = new Map<string, { key: Buffer; used: number }>();

  /** On the enrolment step: keeps the key the page shows for `username`. */
  async enrol(page: Page, username: string): Promise<void> {
    const shown = page.getByTestId('enrol-key');
    await shown.and(page.locator('[data-secret]:not([data-secret=""])')).waitFor();
    this.keys.set(username, { key: base32Decode((await shown.getAttribute('data-secret'))!), used: -1 });
  }

  /** A code for `username` that has not been used: this step's, or the next one's. */
  code(username: string): string {
    const k = this.keys.get(username);
    if (!k) throw new Error(`${username} has not enrolled here`);
    k.used = Math.max(stepAt(Date.now()), k.used + 1);
    return hotp(k.key, k.used);
  }
}
