// The summary as it travels: one JSON file whose `payload` is the summary's exact text and whose
// `signature` covers those bytes (SM2 with SM3 under the 国密 profile). Opening it checks, in this
// order, that it is an envelope, that the signature verifies against a key the importer trusts,
// and that the payload passes the strict schema — each refusal with its own reason, so an operator
// can tell a damaged file from a forged one from one that carries a field it must not.
import { z } from 'zod';
import { verifyBytes, type SigningKey } from '../crypto/signature.ts';
import { signEnvelope } from '../crypto/envelope.ts';
import { NetworkSummarySchema, SUMMARY_FORMAT, type NetworkSummary } from './content.ts';

/** The file is the crypto module's signed envelope (`yunqian verify` checks it), saying what it carries. */
const Envelope = z
  .object({ format: z.literal(SUMMARY_FORMAT), payload: z.string(), signature: z.unknown() })
  .strict();

export type SummaryRefusal =
  | { reason: 'malformed'; detail: string }
  | { reason: 'signature' | 'untrusted-key'; detail: string }
  | { reason: 'schema'; detail: string }
  | { reason: 'replayed' | 'out-of-order'; detail: string; last: number }
  | { reason: 'own-network'; detail: string };

/** The file's text: the summary, checked against the schema before it is signed. */
export function sealSummary(summary: NetworkSummary, key: SigningKey, at: Date): string {
  const payload = JSON.stringify(NetworkSummarySchema.parse(summary));
  return `${JSON.stringify(signEnvelope(SUMMARY_FORMAT, payload, key, at), null, 2)}\n`;
}

/** Where a schema problem is, in words an operator can act on (never the validator's JSON). */
const whereOf = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => {
      const at = i.path.length ? i.path.join('.') : '(top)';
      return i.code === 'unrecognized_keys'
        ? `${at}: field not allowed: ${i.keys.join(', ')}`
        : `${at}: ${i.message}`;
    })
    .join('; ');

/**
 * The summary a file carries, if it is well formed, signed by one of `trusted` (public keys) and
 * within the schema; otherwise why not.
 */
export function openSummary(
  bytes: Uint8Array,
  trusted: readonly string[],
): { summary: NetworkSummary; signer: string; digest: string } | SummaryRefusal {
  let envelope: z.infer<typeof Envelope>;
  try {
    const parsed = Envelope.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    if (!parsed.success) return { reason: 'malformed', detail: whereOf(parsed.error) };
    envelope = parsed.data;
  } catch (e) {
    return { reason: 'malformed', detail: (e as Error).message };
  }
  const payload = Buffer.from(envelope.payload, 'utf8');
  const sig = envelope.signature as { publicKey?: unknown; digest?: unknown };
  const key = typeof sig?.publicKey === 'string' ? sig.publicKey : '';
  if (!trusted.includes(key))
    return { reason: 'untrusted-key', detail: 'signed by a key this instance does not trust' };
  const verified = verifyBytes(payload, envelope.signature, key);
  if (!verified.ok)
    return {
      reason: verified.reason === 'untrusted-key' ? 'untrusted-key' : 'signature',
      detail: `signature check failed (${verified.reason})`,
    };
  let body: unknown;
  try {
    body = JSON.parse(envelope.payload);
  } catch (e) {
    return { reason: 'schema', detail: (e as Error).message };
  }
  const summary = NetworkSummarySchema.safeParse(body);
  if (!summary.success) return { reason: 'schema', detail: whereOf(summary.error) };
  return { summary: summary.data, signer: key, digest: String(sig.digest) };
}
