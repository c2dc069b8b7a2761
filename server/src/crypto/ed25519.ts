// Ed25519 signatures from node:crypto, the international profile's (no library needed). Public keys
// travel as SPKI DER in base64, private keys as PKCS#8 DER in base64.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export function ed25519Generate(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export function ed25519PublicKey(privateKey: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

export function ed25519Sign(msg: Uint8Array, privateKey: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, msg, key).toString('hex');
}

/** True when `signature` (hex) is `publicKey`'s over `msg`. Never throws. */
export function ed25519Verify(msg: Uint8Array, signature: string, publicKey: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, msg, key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
