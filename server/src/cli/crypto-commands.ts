// The 国密 profile's commands (#21): `yunqian verify FILE` checks a signed export offline (no
// database, no configuration: the signature names its algorithm, key and user ID); `yunqian keys
// generate` makes a signing key; `yunqian keys seal` seals a secret (an OIDC client secret) for its
// environment variable. Exports are signed where they are made (signExport, audit archive and head).
import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig, type Config } from '../config/config.ts';
import { verifyFile, writeDetachedSignature, signEnvelope } from '../crypto/envelope.ts';
import {
  asDetachedSignature,
  generateSigningKey,
  keyFingerprint,
  loadSigningKey,
  type SignatureAlgorithm,
} from '../crypto/signature.ts';
import { sealColumn } from '../crypto/column-cipher.ts';
import { PROFILES, setupCrypto, type ProfileName } from '../crypto/profile.ts';
import { flag, type Writer } from './common.ts';

const REASONS = {
  malformed: 'the signature is malformed (not a yunqian-signature/1)',
  digest: 'the file is not the one signed (its digest differs)',
  signature: 'the signature does not verify (changed, or not made by the key it names)',
  'untrusted-key': 'signed by another key than the trusted one',
} as const;

/** A public key given as text, or read from a file: a key file, a signature, or the key alone. */
async function trustedKey(args: string[]): Promise<string | undefined> {
  const given = flag(args, '--key');
  if (given) return given;
  const file = flag(args, '--key-file');
  if (!file) return undefined;
  const text = (await readFile(file, 'utf8')).trim();
  try {
    const j = JSON.parse(text) as { publicKey?: unknown };
    if (typeof j.publicKey === 'string') return j.publicKey;
  } catch {
    // Not JSON: the key itself.
  }
  return text;
}

export async function verifyCommand(args: string[], out: Writer, err: Writer): Promise<number> {
  const file = args.find(
    (a, i) => !a.startsWith('--') && args[i - 1] !== '--key' && args[i - 1] !== '--key-file',
  );
  if (!file) {
    err.write('usage: yunqian verify FILE [--key PUBLICKEY | --key-file FILE]\n');
    return 64;
  }
  let check;
  try {
    check = await verifyFile(file, await trustedKey(args));
  } catch (e) {
    err.write(`yunqian: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (check.how === 'unsigned') {
    err.write(`${file}: not signed (no ${file}.sig beside it, and not a signed envelope)\n`);
    return 1;
  }
  const where = check.how === 'detached' ? `${file}.sig` : 'its envelope';
  if (!check.result.ok) {
    err.write(`${file}: NOT verified (${where}): ${REASONS[check.result.reason]}\n`);
    return 1;
  }
  const s = asDetachedSignature(check.signature)!;
  const id = s.algorithm === 'SM2-SM3' ? `, user ID ${s.userId ?? '1234567812345678'}` : '';
  out.write(
    `${file}: verified (${where}${check.how === 'envelope' && check.format ? `, ${check.format}` : ''}): ${s.algorithm}${id}, signer ${keyFingerprint(s.algorithm, s.publicKey)}, signed at ${s.signedAt}\n`,
  );
  if (!flag(args, '--key') && !flag(args, '--key-file'))
    out.write(`  (checked against the key it names; give --key or --key-file to require a trusted signer)\n`);
  return 0;
}

export async function keysCommand(command: string | undefined, args: string[], out: Writer, err: Writer) {
  if (command === 'generate') return keysGenerate(args, out, err);
  if (command === 'seal') return keysSeal(out, err);
  err.write(
    'usage: yunqian keys generate [--profile gm|international] [--user-id ID] --out FILE\n       yunqian keys seal   (the value in YUNQIAN_SEAL_VALUE)\n',
  );
  return 64;
}

async function keysGenerate(args: string[], out: Writer, err: Writer): Promise<number> {
  const file = flag(args, '--out');
  const given = flag(args, '--profile');
  if (!file || (given !== undefined && given !== 'gm' && given !== 'international')) {
    err.write('usage: yunqian keys generate [--profile gm|international] [--user-id ID] --out FILE\n');
    return 64;
  }
  let config: Config | null = null;
  if (!given || !flag(args, '--user-id')) config = loadConfig();
  const profile: ProfileName = (given as ProfileName | undefined) ?? config!.crypto.profile;
  const algorithm: SignatureAlgorithm = PROFILES[profile].signature;
  const userId = flag(args, '--user-id') ?? config?.crypto.userId;
  const { key, file: text } = generateSigningKey(algorithm, algorithm === 'SM2-SM3' ? { userId } : {});
  try {
    // Never over an existing key; readable by its owner only.
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    err.write(`yunqian: cannot write ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  out.write(
    `${algorithm} signing key written to ${file} (mode 0600)${key.userId ? `, user ID ${key.userId}` : ''}\npublic key: ${key.publicKey}\nfingerprint: ${keyFingerprint(algorithm, key.publicKey)}\n`,
  );
  return 0;
}

async function keysSeal(out: Writer, err: Writer): Promise<number> {
  const value = process.env.YUNQIAN_SEAL_VALUE;
  const config = loadConfig();
  setupCrypto(config);
  if (!value || !process.env[config.crypto.dataKeyEnv]) {
    err.write(
      `yunqian: keys seal needs the value in YUNQIAN_SEAL_VALUE and the data key in ${config.crypto.dataKeyEnv}\n`,
    );
    return 64;
  }
  out.write(`${sealColumn(value)}\n`);
  return 0;
}

/** Signs an exported file (FILE.sig beside it) when a signing key is configured; says what it did. */
export async function signExport(file: string, config: Config, out: Writer): Promise<void> {
  if (!config.crypto.signingKeyFile) return;
  const key = await loadSigningKey(config.crypto.signingKeyFile);
  const sig = await writeDetachedSignature(file, key, new Date());
  out.write(`signed: ${sig} (${key.algorithm}, ${keyFingerprint(key.algorithm, key.publicKey)})\n`);
}

/** The audit head as a signed envelope when a signing key is configured, else as it is. */
export async function signedHead(head: object, config: Config): Promise<string> {
  const text = JSON.stringify(head, null, 2);
  if (!config.crypto.signingKeyFile) return text + '\n';
  const key = await loadSigningKey(config.crypto.signingKeyFile);
  return JSON.stringify(signEnvelope('yunqian-audit-head/1', text, key, new Date()), null, 2) + '\n';
}

/** A head file as written by `yunqian audit head`: the envelope's payload, or the head itself. */
export function headOf(text: string): unknown {
  const j = JSON.parse(text) as { payload?: unknown; signature?: unknown };
  return typeof j.payload === 'string' && j.signature ? JSON.parse(j.payload) : j;
}
