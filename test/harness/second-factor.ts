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
    this.keep(username, (await shown.getAttribute('data-secret'))!);
  }

  /** Keeps a key enrolled elsewhere (over HTTP). */
  keep(username: string, secret: string): void {
    this.keys.set(username, { key: base32Decode(secret), used: -1 });
  }

  /** A code for `username` that has not been used: this step's, or the next one's. */
  code(username: string): string {
    const k = this.keys.get(username);
    if (!k) throw new Error(`${username} has not enrolled here`);
    k.used = Math.max(stepAt(Date.now()), k.used + 1);
    return hotp(k.key, k.used);
  }
}

/**
 * Signs in over HTTP as a privileged account: the password, then the second factor (enrolling at
 * the first sign-in). Returns the session's cookies and the CSRF token to echo.
 */
export async function signInOverHttp(url: string, username: string, password: string, app: Authenticator) {
  const cookies = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return r;
  };
  const post = async (path: string, body: unknown) => {
    const r = keep(
      await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': decodeURIComponent(cookies.get('yq-csrf') ?? ''),
        },
        body: JSON.stringify(body),
      }),
    );
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { next?: string; secret?: string };
  };
  const first = await post('/auth/login', { username, password });
  if (first.next === 'enrol') app.keep(username, (await post('/auth/second-factor/enrolment', {})).secret!);
  if (first.next) await post('/auth/second-factor', { code: app.code(username) });
  return {
    cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    csrf: decodeURIComponent(cookies.get('yq-csrf') ?? ''),
  };
}
