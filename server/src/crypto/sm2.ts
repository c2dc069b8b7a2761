// SM2 signatures (GM/T 0003.2, GB/T 32918.2) with SM3 and the signer's Z value (GM/T 0009: the
// user ID, the curve and the public key hashed in front of the message). Node's OpenSSL has SM2
// keys but no way to set the user ID, so the arithmetic comes from sm-crypto-v2: pure JS on the
// audited @noble/curves, random numbers from crypto.getRandomValues (sm-crypto 0.5's jsbn falls back
// to Math.random outside a browser, unfit for the signature's nonce), no install script.
import { sm2 } from 'sm-crypto-v2';

/** GM/T 0009's default user ID, used when the parties agreed on none. */
export const DEFAULT_USER_ID = '1234567812345678';

export interface Sm2KeyPair {
  /** 32 bytes, hex. */
  privateKey: string;
  /** Uncompressed point, hex: 04 ‖ x ‖ y. */
  publicKey: string;
}

export function sm2Generate(): Sm2KeyPair {
  const k = sm2.generateKeyPairHex();
  return { privateKey: k.privateKey, publicKey: sm2PublicKey(k.privateKey) };
}

/** The uncompressed public point (04 ‖ x ‖ y, hex) of a private key. */
export function sm2PublicKey(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey).toLowerCase();
}

/** Signs `msg` as SM3(Z_A ‖ msg) under `userId`; the signature is DER (SEQUENCE of r, s), hex. */
export function sm2Sign(msg: Uint8Array, privateKey: string, userId = DEFAULT_USER_ID): string {
  return sm2.doSignature(msg, privateKey, {
    der: true,
    hash: true,
    publicKey: sm2PublicKey(privateKey),
    userId,
  });
}

/** True when `signature` (DER hex) is `publicKey`'s over `msg` under `userId`. Never throws. */
export function sm2Verify(
  msg: Uint8Array,
  signature: string,
  publicKey: string,
  userId = DEFAULT_USER_ID,
): boolean {
  if (!/^04[0-9a-f]{128}$/i.test(publicKey) || !/^[0-9a-f]+$/i.test(signature)) return false;
  try {
    return sm2.doVerifySignature(msg, signature, publicKey, { der: true, hash: true, userId });
  } catch {
    return false;
  }
}
