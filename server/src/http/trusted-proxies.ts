// Which connecting addresses are the operator's own reverse proxies. Only their forwarded headers
// are believed; anyone else's are the client's own words.

/** What a request id may look like (it ends up in audit rows and in auditors' CSV files). */
export const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const v4 = (a: string): number | null => {
  const m = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
};

/** Whether `address` is one of `proxies` (exact addresses, or IPv4 CIDR blocks like 10.0.0.0/8). */
export function isTrustedProxy(address: string | undefined, proxies: readonly string[]): boolean {
  if (!address || proxies.length === 0) return false;
  const ip = v4(address);
  for (const p of proxies) {
    if (p === address) return true;
    const [net, bits] = p.split('/');
    if (bits === undefined || ip === null) continue;
    const base = v4(net!);
    const n = Number(bits);
    if (base === null || !(n >= 0 && n <= 32)) continue;
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    if ((ip & mask) === (base & mask)) return true;
  }
  return false;
}
