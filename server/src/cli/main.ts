// `yunqian` command line. `yunqian plan validate [dir]` prints every problem as
// file:line:column: message and exits non-zero on errors, for the plan repository's own CI.
// `yunqian audit verify` checks the audit log's hash chain (or, with --archive, an archive file);
// `yunqian audit archive` moves rows older than the retention to a file; `yunqian user create` adds an account
// (the password comes from YUNQIAN_NEW_PASSWORD, never from the command line).
import { resolve } from 'node:path';
import { loadPlanDir, formatProblem, hasErrors } from '@yunqian/plan';
import { loadConfig } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import { DataDirInUse } from '../store/data-dir-lock.ts';
import { verifyAudit } from '../store/audit.ts';
import { auditHead, checkHead, type AuditHead } from '../store/audit-anchor.ts';
import { archiveAudit, archiveRecordFor, ArchiveRefused, checkArchiveFile } from '../store/audit-archive.ts';
import { readFile } from 'node:fs/promises';
import { createUser } from '../store/accounts.ts';
import { removeUser, updateUser, type UserChange } from '../store/user-admin.ts';
import { tenantProgramFile } from '../service/tenant-program-file.ts';
import { ROLES, type Role } from '../auth/policy.ts';
import { flag, withStore, type Writer } from './common.ts';
import { summaryExport, summaryImport } from './summary-commands.ts';
import { headOf, keysCommand, signedHead, signExport, verifyCommand } from './crypto-commands.ts';
import { exportWorkbookCommand, importWorkbookCommand } from './workbook-commands.ts';

export type { Writer } from './common.ts';

const USAGE = `usage: yunqian plan validate [dir] [--today YYYY-MM-DD] [--warnings-as-errors]
       yunqian plan import-workbook FILE.xlsx --department ID [--out DIR] [--plan DIR] [--lang zh-CN|en]
       yunqian plan export-workbook [--department ID] [--plan DIR] --out FILE.xlsx
       yunqian audit verify [--head FILE]   (with the key in YUNQIAN_AUDIT_KEY for keyed rows and the head)
       yunqian audit verify --archive FILE   (an archive file: its chain, digest and record)
       yunqian audit archive --before YYYY-MM-DD --out FILE   (rows older than the day, outside the retention)
       yunqian audit head   (the chain's signed head, to keep outside the database)
       yunqian requests export [internal|external]   (approved increases as YAML for infra/tenants)
       yunqian summary export [--network internal|external] --out FILE   (counts only, signed, numbered)
       yunqian summary import FILE…   (summaries of the other network, checked and recorded)
       yunqian user create <username> <role> [department]   (password in YUNQIAN_NEW_PASSWORD)
       yunqian user disable|enable|unlock|remove <username>
       yunqian user set-role <username> <role> [department]
       yunqian user set-password <username>   (password in YUNQIAN_NEW_PASSWORD)
       yunqian verify FILE [--key PUBLICKEY | --key-file FILE]   (a signed export, offline: FILE.sig or an envelope)
       yunqian keys generate [--profile gm|international] [--user-id ID] --out FILE   (a signing key, mode 0600)
       yunqian keys seal   (seals YUNQIAN_SEAL_VALUE with the data key, e.g. for the OIDC client secret)`;

export async function main(
  argv: string[],
  out: Writer = process.stdout,
  err: Writer = process.stderr,
): Promise<number> {
  try {
    return await dispatch(argv, out, err);
  } catch (e) {
    // The embedded database is held by a running server: say so, and change nothing.
    if (!(e instanceof DataDirInUse)) throw e;
    err.write(`yunqian: ${e.message}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], out: Writer, err: Writer): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'audit' && command === 'verify') return auditVerify(rest, out, err);
  if (group === 'audit' && command === 'head') return auditHeadCommand(out, err);
  if (group === 'audit' && command === 'archive') return auditArchive(rest, out, err);
  if (group === 'user' && command === 'create') return userCreate(rest, out, err);
  if (group === 'user' && command && USER_CHANGES.has(command)) return userChange(command, rest, out, err);
  if (group === 'requests' && command === 'export') return requestsExport(rest, out);
  if (group === 'summary' && command === 'export') return summaryExport(rest, out, err);
  if (group === 'summary' && command === 'import') return summaryImport(rest, out, err);
  if (group === 'verify') return verifyCommand(command === undefined ? [] : [command, ...rest], out, err);
  if (group === 'keys') return keysCommand(command, rest, out, err);
  if (group === 'plan' && command === 'import-workbook')
    return importWorkbookCommand(rest, out, err, new Date().toISOString().slice(0, 10));
  if (group === 'plan' && command === 'export-workbook') return exportWorkbookCommand(rest, out, err);
  if (group !== 'plan' || command !== 'validate') {
    err.write(`${USAGE}\n`);
    return 64;
  }
  const flags = rest.filter((a) => a.startsWith('--'));
  const todayIdx = rest.indexOf('--today');
  const today = todayIdx >= 0 ? rest[todayIdx + 1] : new Date().toISOString().slice(0, 10);
  const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--today');
  const dir = resolve(positional[0] ?? 'migrations-plan');
  const { plan, problems } = await loadPlanDir(dir, { today });
  for (const p of problems) (p.severity === 'error' ? err : out).write(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  out.write(
    `${dir}: ${plan ? `${plan.systems.length} systems, ` : ''}${errors} errors, ${warnings} warnings\n`,
  );
  if (hasErrors(problems)) return 1;
  return flags.includes('--warnings-as-errors') && warnings > 0 ? 1 : 0;
}

async function requestsExport(args: string[], out: Writer): Promise<number> {
  const network = args[0];
  out.write(await withStore((s) => tenantProgramFile(s.db, new Date(), network)));
  return 0;
}

const BROKEN: Record<'hash' | 'link' | 'key-needed', string> = {
  hash: 'row changed',
  link: 'row missing or reordered before it',
  'key-needed': `a keyed row: set the audit key to verify it`,
};

/** The audit key from the environment variable the configuration names (never from the database). */
const cliAuditKey = () => {
  const k = process.env[loadConfig().audit.keyEnv];
  return k ? Buffer.from(k, 'utf8') : null;
};

async function auditVerify(args: string[], out: Writer, err: Writer): Promise<number> {
  const archiveFile = flag(args, '--archive');
  if (archiveFile) return verifyArchive(archiveFile, out, err);
  const headFile = flag(args, '--head');
  const key = cliAuditKey();
  if (headFile && !key) {
    err.write(
      'yunqian: --head needs the audit key (its environment variable, YUNQIAN_AUDIT_KEY by default)\n',
    );
    return 64;
  }
  const { r, head } = await withStore(async (s) => ({
    r: await verifyAudit(s.db, key),
    head: headFile
      ? await checkHead(s.db as Db, key!, headOf(await readFile(headFile, 'utf8')) as AuditHead)
      : null,
  }));
  if (r.firstBroken) {
    err.write(
      `audit log broken at row ${r.firstBroken.id} (${BROKEN[r.firstBroken.reason]}); ${r.rows} rows\n`,
    );
    return 1;
  }
  if (head) {
    err.write(`audit log does not hold its exported head: ${head}\n`);
    return 1;
  }
  const archived = r.archived
    ? ` after ${r.archived.totalArchived} archived (through row ${r.archived.lastId}, ${r.archived.file})`
    : '';
  out.write(
    `audit log intact: ${r.rows} rows${archived}${headFile ? ', and holds its exported head' : ''}\n`,
  );
  return 0;
}

async function verifyArchive(file: string, out: Writer, err: Writer): Promise<number> {
  let check;
  try {
    check = await checkArchiveFile(file, cliAuditKey());
  } catch (e) {
    err.write(`yunqian: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (!check.ok) {
    err.write(`archive ${file} broken at line ${check.line} (${check.problem})\n`);
    return 1;
  }
  const s = check.summary;
  // The file alone holds its own digest; the log's `audit.archive` row is the record kept apart.
  let recorded: string;
  try {
    const rec = await withStore((st) => archiveRecordFor(st.db, s.lastId));
    if (rec && rec.after.sha256 !== s.sha256) {
      err.write(
        `archive ${file} is not the one archived: audit row ${rec.id} recorded rows ${s.firstId}–${s.lastId} with digest ${rec.after.sha256}\n`,
      );
      return 1;
    }
    recorded = rec
      ? `, as recorded by audit row ${rec.id}`
      : '; the audit log holds no record of it (archived again since, or another database)';
  } catch (e) {
    if (e instanceof DataDirInUse) throw e;
    recorded = `; not checked against the audit log (${(e as Error).message})`;
  }
  out.write(
    `archive ${file} intact: ${s.rows} rows (${s.firstId}–${s.lastId}), sha256 ${s.sha256}${recorded}\n`,
  );
  return 0;
}

async function auditArchive(args: string[], out: Writer, err: Writer): Promise<number> {
  const day = flag(args, '--before');
  const file = flag(args, '--out');
  const before = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
  // 2025-02-30 parses as 2 March: only a real day is taken.
  if (!before || Number.isNaN(before.getTime()) || before.toISOString().slice(0, 10) !== day || !file) {
    err.write(`${USAGE}\n`);
    return 64;
  }
  const config = loadConfig();
  try {
    const r = await withStore((s) =>
      archiveAudit(s.db, {
        before,
        out: resolve(file),
        now: new Date(),
        retentionDays: config.audit.retentionDays,
        key: cliAuditKey(),
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        requestId: 'cli',
      }),
    );
    if (!r) {
      out.write(`no audit rows before ${day}: nothing archived, no file written\n`);
      return 0;
    }
    out.write(
      `archived ${r.rows} rows (${r.firstId}–${r.lastId}) to ${file}, sha256 ${r.sha256}; removed from the log and recorded as ${r.file}\n`,
    );
    // FILE.sig beside it when a signing key is configured (`yunqian verify FILE`).
    await signExport(file, config, out);
    if (r.olderLeft)
      out.write(
        `${r.olderLeft} rows before ${day} stay: they follow a younger row (only the oldest rows, in order, leave the log)\n`,
      );
    return 0;
  } catch (e) {
    if (!(e instanceof ArchiveRefused)) throw e;
    err.write(`yunqian: ${e.message}\n`);
    return 1;
  }
}

async function auditHeadCommand(out: Writer, err: Writer): Promise<number> {
  const key = cliAuditKey();
  if (!key) {
    err.write('yunqian: the audit head is signed with the audit key (YUNQIAN_AUDIT_KEY by default)\n');
    return 64;
  }
  // Also signed (SM2 or Ed25519) when crypto.signingKeyFile is set: `yunqian verify` checks it offline.
  out.write(
    await withStore(async (s, config) => signedHead(await auditHead(s.db as Db, key, new Date()), config)),
  );
  return 0;
}

async function userCreate(args: string[], out: Writer, err: Writer): Promise<number> {
  const [username, role, department] = args;
  const password = process.env.YUNQIAN_NEW_PASSWORD;
  if (!username || !role || !(ROLES as readonly string[]).includes(role) || !password) {
    err.write(`${USAGE}\nroles: ${ROLES.join(', ')}\n`);
    return 64;
  }
  try {
    const u = await withStore((s) =>
      createUser(
        s,
        { username, displayName: username, role: role as Role, department, password },
        { id: 'cli', requestId: 'cli' },
      ),
    );
    out.write(`created ${u.username} (${u.role}${u.department ? `, ${u.department}` : ''})\n`);
    return 0;
  } catch (e) {
    err.write(`yunqian: ${(e as Error).message}\n`);
    return 1;
  }
}

const USER_CHANGES = new Set(['disable', 'enable', 'unlock', 'remove', 'set-role', 'set-password']);

/** Account changes from the command line: audited as the operating-system user who ran them. */
async function userChange(command: string, args: string[], out: Writer, err: Writer): Promise<number> {
  const [username, role, department] = args;
  const password = process.env.YUNQIAN_NEW_PASSWORD;
  const change: UserChange | 'remove' | null =
    command === 'remove'
      ? 'remove'
      : command === 'disable' || command === 'enable'
        ? { disabled: command === 'disable' }
        : command === 'unlock'
          ? { unlock: true }
          : command === 'set-role' && role && (ROLES as readonly string[]).includes(role)
            ? { role: role as Role, department: department ?? null }
            : command === 'set-password' && password
              ? { password }
              : null;
  if (!username || !change) {
    err.write(`${USAGE}\nroles: ${ROLES.join(', ')}\n`);
    return 64;
  }
  const by = { id: `cli:${process.env.USER ?? 'unknown'}`, requestId: 'cli' };
  try {
    await withStore(async (s) => {
      if (change === 'remove') await removeUser(s, by, username);
      else await updateUser(s, by, username, change);
    });
    out.write(`${command} ${username}: done\n`);
    return 0;
  } catch (e) {
    err.write(`yunqian: ${(e as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
