// The cryptographic profile (#21): which algorithms protect what. `international` (the default)
// keeps SHA-256, AES-256-GCM and Ed25519; `gm` (国密, where GM/T algorithms are required) uses SM3
// for the audit chain, SM4 for sensitive columns and SM2 (with the GM/T 0009 user ID) for
// signatures. The profile only chooses what is *written*: every stored value and signature names
// its own algorithm, so rows and files made under the other profile (or before any) still read and
// verify after a change.
import { ConfigError, type Config } from '../config/config.ts';
import { configureSigningKey } from './signing-key.ts';

export type ProfileName = 'international' | 'gm';
/** Node's OpenSSL names for the two hashes (both built into Node 20 and 24). */
export type HashName = 'sha256' | 'sm3';
export type ColumnCipher = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

export interface Profile {
  name: ProfileName;
  hash: HashName;
  cipher: ColumnCipher;
  signature: 'Ed25519' | 'SM2-SM3';
}

export const PROFILES: Record<ProfileName, Profile> = {
  international: { name: 'international', hash: 'sha256', cipher: 'aes-256-gcm', signature: 'Ed25519' },
  gm: { name: 'gm', hash: 'sm3', cipher: 'sm4-ctr-hmac-sm3', signature: 'SM2-SM3' },
};

interface State {
  profile: Profile;
  /** The data key of the encrypted columns (never in the database), or null: columns stay plain. */
  dataKey: Buffer | null;
}
const state: State = { profile: PROFILES.international, dataKey: null };

/** Process-wide, set once at start-up (and by the CLI) from the configuration and the environment. */
export function configureCrypto(o: { profile: ProfileName; dataKey?: Buffer | null }): void {
  state.profile = PROFILES[o.profile];
  state.dataKey = o.dataKey ?? null;
}

export const currentProfile = (): Profile => state.profile;
export const dataKey = (): Buffer | null => state.dataKey;

/**
 * The data key named by `crypto.dataKeyEnv`: 32 bytes as 64 hex digits. The `gm` profile refuses to
 * start without one — its point is that phones, addresses and secrets are not readable in a dump.
 */
export function dataKeyFromEnv(c: Config['crypto'], env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const hex = env[c.dataKeyEnv]?.trim();
  if (!hex) {
    if (c.profile === 'gm')
      throw new ConfigError(
        `invalid configuration:\n  crypto.profile: gm encrypts sensitive columns with SM4 and needs the data key in ${c.dataKeyEnv} (64 hex digits; make one with: openssl rand -hex 32)`,
      );
    return null;
  }
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError(
      `invalid configuration:\n  crypto.dataKeyEnv: ${c.dataKeyEnv} must be 64 hex digits (32 bytes)`,
    );
  return Buffer.from(hex, 'hex');
}

/** Configures the process from the configuration: the profile, its data key and the signing key. */
export function setupCrypto(config: Config, env: NodeJS.ProcessEnv = process.env): Profile {
  configureCrypto({ profile: config.crypto.profile, dataKey: dataKeyFromEnv(config.crypto, env) });
  configureSigningKey(config.crypto.signingKeyFile);
  return currentProfile();
}
