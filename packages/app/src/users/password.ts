// Password hashing with scrypt (node:crypto): a random 16-byte salt per password, the cost
// parameters stored with the hash so that they can be raised later without invalidating old
// hashes, and a constant-time comparison. There is no default password anywhere: a password is
// given by the administrator or generated and shown once.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: scrypt N = 2^17, r = 8, p = 1, or an equivalent trade of
 * memory for time such as N = 2^15, r = 8, p = 3 (32 MiB; ~0.25 s per hash on this machine,
 * computed on libuv's thread pool, so the event loop stays free).
 */
const DEFAULT_PARAMS: ScryptParams = { N: 1 << 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Refuse absurd stored parameters (a tampered hash must not make us allocate gigabytes). */
const MAX_N = 1 << 20;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + (1 << 20) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Hashes a password for storage: `scrypt$N$r$p$salt$hash` (base64url).
 * @example await hashPassword('correct horse battery') // 'scrypt$32768$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, DEFAULT_PARAMS, KEY_LENGTH);
  const { N, r, p } = DEFAULT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parseStored(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > MAX_N || r > 32 || p > 16)
    return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) return undefined;
  return { params: { N, r, p }, salt, key };
}

/**
 * True when `password` matches the stored hash (constant-time comparison of the derived keys).
 * @example await verifyPassword('correct horse battery', user.passwordHash) // true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without a user: sign-in with an unknown username takes as
 * long as with a wrong password, so timing does not tell which usernames exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** Letters and digits without look-alikes (0/O, 1/l/I), for passwords read off a terminal. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A strong random password (20 characters, ~117 bits) for `username`, for `user add` or `user
 * passwd` without a password. Drawn again until `passwordProblem` accepts it: a random string
 * can contain a short username ('Li' for the user li, about once in 170 draws), and a generated
 * password the tool then refuses is a bug the administrator cannot work around.
 * @example generatePassword('li') // 'q7RkT…'
 */
export function generatePassword(username: string, length = 20): string {
  for (;;) {
    const candidate = randomPassword(length);
    if (passwordProblem(candidate, username) === undefined) return candidate;
  }
}

function randomPassword(length: number): string {
  let out = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 57).
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Why a chosen password is not acceptable, or undefined when it is.
 * @example passwordProblem('short', 'li') // { zh: '密码至少需要 10 个字符', en: 'The password needs at least 10 characters' }
 */
export function passwordProblem(password: string, username: string): { zh: string; en: string } | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return {
      zh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
      en: `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  if (length > MAX_PASSWORD_LENGTH)
    return {
      zh: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
      en: `The password may have at most ${MAX_PASSWORD_LENGTH} characters`,
    };
  // An empty name is in every string: it would refuse every password (and generatePassword would never return).
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase()))
    return { zh: '密码不能包含用户名', en: 'The password must not contain the username' };
  if (new Set(password).size < 4)
    return { zh: '密码过于简单', en: 'The password is too simple (too few different characters)' };
  return undefined;
}
