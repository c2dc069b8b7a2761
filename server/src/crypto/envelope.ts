// The two ways a file carries its signature: a detached `FILE.sig` beside it (any file, signed as
// its bytes), or — for JSON exports — an envelope `{format, payload, signature}` whose signed bytes
// are the UTF-8 of `payload` (the exported JSON as text, so no canonical form is needed to check it).
import { constants } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import {
  signBytes,
  verifyBytes,
  type DetachedSignature,
  type SigningKey,
  type VerifyResult,
} from './signature.ts';

export interface SignedEnvelope {
  format: string;
  payload: string;
  signature: DetachedSignature;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** An envelope carrying `payload` (text, usually JSON) signed with `key`. */
export function signEnvelope(format: string, payload: string, key: SigningKey, at: Date): SignedEnvelope {
  return { format, payload, signature: signBytes(utf8(payload), key, at) };
}

/** Writes `FILE.sig` beside `file` (never over an existing one): the detached signature of its bytes. */
export async function writeDetachedSignature(file: string, key: SigningKey, at: Date): Promise<string> {
  const sig = signBytes(await readFile(file), key, at);
  const out = `${file}.sig`;
  await writeFile(out, JSON.stringify(sig, null, 2) + '\n', { flag: 'wx' });
  return out;
}

export type FileCheck =
  | { how: 'detached' | 'envelope'; result: VerifyResult; signature: unknown; format?: string }
  | { how: 'unsigned' };

const exists = (f: string) =>
  access(f, constants.F_OK).then(
    () => true,
    () => false,
  );

/**
 * Checks `file`: against `FILE.sig` when there is one, else as an envelope. A file that is
 * neither is `unsigned` (the caller says so; it is not a pass).
 */
export async function verifyFile(file: string, trustedPublicKey?: string): Promise<FileCheck> {
  const bytes = await readFile(file);
  if (await exists(`${file}.sig`)) {
    let sig: unknown = null;
    try {
      sig = JSON.parse(await readFile(`${file}.sig`, 'utf8'));
    } catch {
      // An unreadable .sig is a malformed signature, reported as such below.
    }
    return { how: 'detached', signature: sig, result: verifyBytes(bytes, sig, trustedPublicKey) };
  }
  let env: Partial<SignedEnvelope> | null = null;
  try {
    env = JSON.parse(bytes.toString('utf8')) as Partial<SignedEnvelope>;
  } catch {
    return { how: 'unsigned' };
  }
  if (!env || typeof env !== 'object' || !('signature' in env) || !('payload' in env))
    return { how: 'unsigned' };
  if (typeof env.payload !== 'string')
    return { how: 'envelope', signature: env.signature, result: { ok: false, reason: 'malformed' } };
  return {
    how: 'envelope',
    signature: env.signature,
    ...(typeof env.format === 'string' ? { format: env.format } : {}),
    result: verifyBytes(utf8(env.payload), env.signature, trustedPublicKey),
  };
}
