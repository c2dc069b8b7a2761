// One JSON POST with a time limit, shared by the webhook and the chat robots. A reply other than
// 2xx is a failure; the reply's JSON (if any) is returned for the robots to judge.
import { SendError } from './channel.ts';

export const POST_TIMEOUT_MS = 10_000;

export async function postJson(url: string, body: unknown, timeoutMs = POST_TIMEOUT_MS): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new SendError(`POST ${redact(url)} failed: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  const text = await res.text();
  if (!res.ok) throw new SendError(`POST ${redact(url)} answered ${res.status}: ${text.slice(0, 300)}`);
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A robot's URL carries its token (access_token=..., /hook/<id>): errors name the host and path only. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/[^/]{16,}$/, '…')}`;
  } catch {
    return '(invalid URL)';
  }
}
