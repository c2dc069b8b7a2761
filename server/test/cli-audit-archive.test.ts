// The audit's retention and archive (MLPS level 3): rows older than the retention leave the log for
// a JSON Lines file, the log still verifies after them, a truncation that did not go through the
// archive is still caught, and an archive file's own chain and digest are checked line by line.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStore, rawQuery, type Store } from '../src/store/db.ts';
import { audit, verifyAudit } from '../src/store/audit.ts';
import { archiveAudit, ArchiveRefused, checkArchiveFile } from '../src/store/audit-archive.ts';
import { auditHead, checkHead, configureAuditAnchor } from '../src/store/audit-anchor.ts';

const dir = mkdtempSync(join(tmpdir(), 'yq-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
};

const write = (store: Store, i: number, at?: Date) =>
  store.db.transaction((tx) =>
    audit(tx, {
      actor: 'op',
      action: 'x.change',
      objectType: 'x',
      objectId: String(i),
      before: { i: i - 1 },
      after: { i, 名称: '测试' },
      requestId: `r${i}`,
      ...(at ? { at } : {}),
    }),
  );

/** Old enough for any retention up to a few years: 2024. */
const old = (i: number) => new Date(Date.UTC(2024, 2, 1, 8, i));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('yunqian audit archive', () => {
  it(
    'archives the rows before the cutoff, the log still verifies, and a deletion outside it is caught',
    { timeout: 180_000 },
    async () => {
      process.env.YUNQIAN_DATA_DIR = join(dir, 'db');
      const out = join(dir, 'audit-2024.jsonl');
      try {
        const store = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        for (let i = 1; i <= 6; i++) await write(store, i, old(i));
        for (let i = 7; i <= 8; i++) await write(store, i);
        await store.close();

        // Within the 180-day retention: refused, nothing written, nothing removed.
        const recent = day(Date.now() - 30 * 86_400_000);
        const refused = await run(['audit', 'archive', '--before', recent, '--out', out]);
        expect(refused.code).toBe(1);
        expect(refused.err).toMatch(
          new RegExp(
            `--before ${recent} is within the audit's 180-day retention .*latest allowed is \\d{4}-`,
          ),
        );
        expect(existsSync(out)).toBe(false);
        // Nothing that old: no file.
        expect(await run(['audit', 'archive', '--before', '2020-01-01', '--out', out])).toMatchObject({
          code: 0,
          out: 'no audit rows before 2020-01-01: nothing archived, no file written\n',
        });
        expect(existsSync(out)).toBe(false);
        expect((await run(['audit', 'archive', '--before', '2025-02-30', '--out', out])).code).toBe(64);

        const done = await run(['audit', 'archive', '--before', '2025-01-01', '--out', out]);
        expect(done.err).toBe('');
        expect(done.code).toBe(0);
        expect(done.out).toMatch(/^archived 6 rows \(1–6\) to .*audit-2024\.jsonl, sha256 [0-9a-f]{64};/);

        // The file: every row whole, in id order, then the summary.
        const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
        expect(lines).toHaveLength(7);
        const rows = lines.slice(0, 6).map((l) => JSON.parse(l));
        expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(Object.keys(rows[0])).toEqual([
          'id',
          'at',
          'actor',
          'action',
          'objectType',
          'objectId',
          'before',
          'after',
          'requestId',
          'prevHash',
          'hash',
        ]);
        expect(rows[2]).toMatchObject({ at: old(3).toISOString(), after: { i: 3, 名称: '测试' } });
        const { summary } = JSON.parse(lines[6]!);
        expect(summary).toMatchObject({ rows: 6, firstId: 1, lastId: 6, lastHash: rows[5].hash });

        // Gone from the log, recorded in it; the log verifies from the archived last hash.
        let s = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        const left = await rawQuery<{ id: number; action: string; after: Record<string, unknown> }>(
          s.db,
          'SELECT id, action, after FROM audit_log ORDER BY id',
        );
        await s.close();
        expect(left.map((r) => r.id)).toEqual([7, 8, 9]);
        expect(left[2]).toMatchObject({
          action: 'audit.archive',
          after: {
            rows: 6,
            firstId: 1,
            lastId: 6,
            lastHash: rows[5].hash,
            sha256: summary.sha256,
            file: 'audit-2024.jsonl',
          },
        });
        expect(await run(['audit', 'verify'])).toMatchObject({
          code: 0,
          out: 'audit log intact: 3 rows after 6 archived (through row 6, audit-2024.jsonl)\n',
        });

        // The archive file on its own, and against the record.
        const checked = await run(['audit', 'verify', '--archive', out]);
        expect(checked.code).toBe(0);
        expect(checked.out).toMatch(
          /intact: 6 rows \(1–6\), sha256 [0-9a-f]{64}, as recorded by audit row 9\n$/,
        );
        // One line edited: named.
        const tampered = join(dir, 'tampered.jsonl');
        writeFileSync(
          tampered,
          [...lines.slice(0, 2), lines[2]!.replace('"op"', '"nobody"'), ...lines.slice(3)].join('\n') + '\n',
        );
        const bad = await run(['audit', 'verify', '--archive', tampered]);
        expect(bad.code).toBe(1);
        expect(bad.err).toBe(`archive ${tampered} broken at line 3 (row 3: row changed)\n`);
        // Cut short.
        writeFileSync(tampered, lines.slice(0, 6).join('\n') + '\n');
        expect((await run(['audit', 'verify', '--archive', tampered])).err).toMatch(
          /broken at line 6 \(no summary line/,
        );

        // The archive's record edited to vouch for another start: caught, and intact once put back.
        const setLastHash = async (h: string) => {
          const db = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
          await rawQuery(
            db.db,
            `UPDATE audit_log SET after = jsonb_set(after, '{lastHash}', '"${h}"') WHERE id = 9`,
          );
          await db.close();
        };
        await setLastHash('f'.repeat(64));
        expect((await run(['audit', 'verify'])).code).toBe(1);
        await setLastHash(rows[5].hash);
        expect((await run(['audit', 'verify'])).code).toBe(0);

        // A row deleted behind the archive's back (the oldest left): caught.
        s = await openStore({ dataDir: process.env.YUNQIAN_DATA_DIR });
        await rawQuery(s.db, 'DELETE FROM audit_log WHERE id = 7');
        await s.close();
        expect(await run(['audit', 'verify'])).toMatchObject({
          code: 1,
          err: 'audit log broken at row 8 (row missing or reordered before it); 2 rows\n',
        });
      } finally {
        delete process.env.YUNQIAN_DATA_DIR;
      }
    },
  );

  it('old rows deleted without the archive break the chain', { timeout: 60_000 }, async () => {
    const store = await openStore({});
    try {
      for (let i = 1; i <= 5; i++) await write(store, i, old(i));
      expect((await verifyAudit(store.db)).firstBroken).toBeNull();
      await rawQuery(store.db, 'DELETE FROM audit_log WHERE id <= 2');
      expect((await verifyAudit(store.db)).firstBroken).toEqual({ id: 3, reason: 'link' });
    } finally {
      await store.close();
    }
  });

  it(
    'keyed: the archive needs the key, keeps an earlier signed head valid, and never takes a young row',
    { timeout: 60_000 },
    async () => {
      const key = Buffer.from('k-archive-0123456789');
      configureAuditAnchor({ key: key.toString() });
      const store = await openStore({});
      try {
        const now = new Date('2026-12-01T00:00:00Z');
        await write(store, 1, old(1));
        await write(store, 2, old(2));
        // A younger row between older ones (another clock): the older ones after it stay.
        await write(store, 3, new Date('2026-11-30T00:00:00Z'));
        await write(store, 4, old(4));
        const head = await auditHead(store.db, key, now);
        const o = {
          before: new Date('2025-01-01T00:00:00Z'),
          now,
          retentionDays: 180,
          actor: 'cli:test',
          requestId: 'cli',
        };
        const file = join(dir, 'keyed.jsonl');
        // An existing file is never overwritten.
        const existing = join(dir, 'existing.jsonl');
        writeFileSync(existing, 'kept\n');
        await expect(archiveAudit(store.db, { ...o, out: existing, key })).rejects.toThrow(/cannot create/);
        expect(readFileSync(existing, 'utf8')).toBe('kept\n');
        await expect(archiveAudit(store.db, { ...o, out: file, key: null })).rejects.toThrow(
          /broken at row 1 \(a keyed row: set the audit key/,
        );
        expect(existsSync(file)).toBe(false);
        // A retention below 180 days is never honoured, whatever the caller says.
        await expect(
          archiveAudit(store.db, {
            ...o,
            before: new Date('2026-11-01T00:00:00Z'),
            retentionDays: 7,
            out: file,
            key,
          }),
        ).rejects.toBeInstanceOf(ArchiveRefused);
        const r = await archiveAudit(store.db, { ...o, out: file, key });
        expect(r).toMatchObject({ rows: 2, firstId: 1, lastId: 2, totalArchived: 2, olderLeft: 1 });
        expect(await verifyAudit(store.db, key)).toMatchObject({ rows: 3, firstBroken: null });
        expect(await checkHead(store.db, key, head)).toBeNull();
        const later = await auditHead(store.db, key, now);
        expect(later.count).toBe(5);
        expect(await checkHead(store.db, key, later)).toBeNull();
        expect(await checkArchiveFile(file, key)).toMatchObject({ ok: true, summary: { rows: 2 } });
        expect(await checkArchiveFile(file, null)).toMatchObject({ ok: false, line: 1, id: 1 });
        // Nothing more to take before the young row: no file.
        expect(await archiveAudit(store.db, { ...o, out: join(dir, 'none.jsonl'), key })).toBeNull();
        expect(existsSync(join(dir, 'none.jsonl'))).toBe(false);
      } finally {
        configureAuditAnchor({});
        await store.close();
      }
    },
  );

  it(
    "a later archive takes the earlier one's record with it; the files chain on, the log still verifies",
    { timeout: 60_000 },
    async () => {
      const store = await openStore({});
      try {
        const o = { retentionDays: 180, key: null, actor: 'cli:test', requestId: 'cli' };
        await write(store, 1, old(1));
        await write(store, 2, old(2));
        const first = await archiveAudit(store.db, {
          ...o,
          before: new Date('2024-06-01T00:00:00Z'),
          now: new Date('2025-06-01T00:00:00Z'),
          out: join(dir, 'first.jsonl'),
        });
        expect(first).toMatchObject({ rows: 2, lastId: 2, totalArchived: 2 });
        await write(store, 4, new Date('2025-07-01T00:00:00Z'));
        await write(store, 5, new Date('2026-11-30T00:00:00Z'));
        const second = await archiveAudit(store.db, {
          ...o,
          before: new Date('2026-01-01T00:00:00Z'),
          now: new Date('2026-12-01T00:00:00Z'),
          out: join(dir, 'second.jsonl'),
        });
        // Row 3 is the first archive's record; it leaves with row 4.
        expect(second).toMatchObject({ rows: 2, firstId: 3, lastId: 4, totalArchived: 4 });
        expect(second!.firstPrevHash).toBe(first!.lastHash);
        expect(await verifyAudit(store.db)).toMatchObject({
          rows: 2,
          firstBroken: null,
          archived: { lastId: 4, totalArchived: 4, file: 'second.jsonl' },
        });
        expect(await checkArchiveFile(join(dir, 'second.jsonl'), null)).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    },
  );
});
