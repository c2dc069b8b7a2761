// The instance's signing key (crypto.signingKeyFile): read once, on first use, and shared by every
// export that is signed (briefings, statements, summaries, the audit head). None configured: the
// exports that must be signed say so, the others go out unsigned.
import { loadSigningKey, type SigningKey } from './signature.ts';

let file: string | null = null;
let loaded: Promise<SigningKey> | null = null;

export function configureSigningKey(path: string | undefined): void {
  file = path ?? null;
  loaded = null;
}

export function instanceSigningKey(): Promise<SigningKey | null> {
  if (!file) return Promise.resolve(null);
  return (loaded ??= loadSigningKey(file));
}
