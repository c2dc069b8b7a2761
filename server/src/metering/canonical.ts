// The canonical form of a closed month: JSON with object keys sorted at every level, no spaces,
// amounts and measures already strings of integers (no float ever formatted). The same statements
// always give the same bytes, so recomputing a closed month gives the same digest — that is the
// check that a closed statement still stands on the samples it was made from.
import { createHash } from 'node:crypto';
import { currentProfile, type HashName } from '../crypto/profile.ts';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isInteger(value))
      throw new TypeError('canonical JSON holds no fractional numbers');
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** 'sha256:<hex>' or 'sm3:<hex>': the digest names its hash, so either profile's rows verify. */
export function digestOf(text: string, hash: HashName = currentProfile().hash): string {
  return `${hash}:${createHash(hash).update(text, 'utf8').digest('hex')}`;
}

/** The digest of `text` under the hash a stored digest names. */
export function sameDigest(text: string, stored: string): boolean {
  const hash = stored.slice(0, stored.indexOf(':')) as HashName;
  return (hash === 'sha256' || hash === 'sm3') && digestOf(text, hash) === stored;
}
