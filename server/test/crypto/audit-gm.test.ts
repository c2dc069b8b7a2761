// The audit chain under the 国密 profile: rows hashed with SM3 (HMAC-SM3 with the audit key), each
// marked by its prefix, so a chain that began under the international profile still verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, rawQuery } from '../../src/store/db.ts';
import { audit, verifyAudit } from '../../src/store/audit.ts';
import { configureAuditAnchor } from '../../src/store/audit-anchor.ts';
import { configureCrypto } from '../../src/crypto/profile.ts';

afterAll(() => {
  configureCrypto({ profile: 'international' });
  configureAuditAnchor({});
});

describe('audit chain under the gm profile', () => {
  it('changes profile midway, verifies, and names a tampered SM3 row', { timeout: 60_000 }, async () => {
    const store = await openStore({});
    const write = (i: number) =>
      store.db.transaction((tx) =>
        audit(tx, {
          actor: 'op',
          action: 'x.change',
          objectType: 'x',
          objectId: String(i),
          before: null,
          after: { i, phone: '—' },
          requestId: `r${i}`,
        }),
      );
    await write(1); // international, no key: plain SHA-256
    configureCrypto({ profile: 'gm', dataKey: Buffer.alloc(32, 7) });
    await write(2); // gm, no key: plain SM3
    configureAuditAnchor({ key: 'audit-key-kept-off-the-database' });
    await write(3); // gm with the key: HMAC-SM3
    await write(4);
    const hashes = (await rawQuery(store.db, 'SELECT hash FROM audit_log ORDER BY id')) as { hash: string }[];
    expect(hashes.map((h) => h.hash.replace(/[0-9a-f]{64}$/, '…'))).toEqual([
      '…',
      'sm3:…',
      'hmac-sm3:…',
      'hmac-sm3:…',
    ]);
    const key = Buffer.from('audit-key-kept-off-the-database');
    expect((await verifyAudit(store.db, key)).firstBroken).toBeNull();
    // Without the key, the keyed rows cannot be checked (and are not passed).
    expect((await verifyAudit(store.db, null)).firstBroken).toEqual({ id: 3, reason: 'key-needed' });
    // Back to the international profile: its keyed rows follow the SM3 ones.
    configureCrypto({ profile: 'international' });
    await write(5);
    expect((await verifyAudit(store.db, key)).firstBroken).toBeNull();

    await rawQuery(store.db, `UPDATE audit_log SET after = '{"i":3,"phone":"13800138000"}' WHERE id = 3`);
    expect((await verifyAudit(store.db, key)).firstBroken).toEqual({ id: 3, reason: 'hash' });
    await store.close();
  });

  it('a keyed SM3 row recomputed as plain SM3 (a downgrade) is reported', { timeout: 60_000 }, async () => {
    configureCrypto({ profile: 'gm', dataKey: Buffer.alloc(32, 7) });
    configureAuditAnchor({ key: 'k' });
    const store = await openStore({});
    for (const i of [1, 2])
      await store.db.transaction((tx) =>
        audit(tx, {
          actor: 'op',
          action: 'x',
          objectType: 'x',
          objectId: String(i),
          before: null,
          after: null,
          requestId: 'r',
        }),
      );
    configureAuditAnchor({});
    await store.db.transaction((tx) =>
      audit(tx, {
        actor: 'op',
        action: 'x',
        objectType: 'x',
        objectId: '3',
        before: null,
        after: null,
        requestId: 'r',
      }),
    );
    expect((await verifyAudit(store.db, Buffer.from('k'))).firstBroken).toEqual({ id: 3, reason: 'hash' });
    await store.close();
  });
});
