// Passwords as MLPS level 3 (GB/T 22239-2019, 8.1.4.1 identification) asks: complex enough and not
// guessable. At least 12 characters from at least three of the four classes (lower case, upper
// case, digits, other characters), not one character over and over, and not a common password
// (compared without case, digits and punctuation, so "Password@2024" is "password").

import { randomInt } from 'node:crypto';

/** Passwords guessed first (global lists and the ones seen most in Chinese leaks). */
const COMMON = new Set([
  'password',
  'passw',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'admin',
  'administrator',
  'root',
  'welcome',
  'letmein',
  'iloveyou',
  'woaini',
  'abc',
  'abcdef',
  'abcdefg',
  'qq',
  'aa',
  'a',
  'aaa',
  'test',
  'changeme',
  'default',
  'yunqian',
  'zhengwuyun',
  'gov',
]);

export type PasswordProblem = 'too-short' | 'too-few-classes' | 'repetitive' | 'common';

export function passwordProblems(p: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  if ([...p].length < 12) out.push('too-short');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length;
  if (classes < 3) out.push('too-few-classes');
  if (new Set(p).size <= 3) out.push('repetitive');
  const letters = p.toLowerCase().replace(/[^a-z]/g, '');
  if (COMMON.has(letters) || letters === '') out.push('common');
  return out;
}

const MESSAGES: Record<PasswordProblem, string> = {
  'too-short': 'at least 12 characters',
  'too-few-classes': 'characters from at least three of: lower case, upper case, digits, other characters',
  repetitive: 'more than three different characters',
  common: 'not a common password',
};

/** One sentence naming every rule the password breaks, or null when it is acceptable. */
export function passwordRefusal(p: string): string | null {
  const problems = passwordProblems(p);
  return problems.length ? `passwords need ${problems.map((x) => MESSAGES[x]).join('; ')}` : null;
}

/** Characters of an initial password: no look-alikes (0/O, 1/l/I), so it can be read out or typed. */
const INITIAL_CLASSES = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+='];

/**
 * A random initial password that meets the policy: 16 characters with every class present. Given
 * to its owner once, and changed at the first sign-in (the account must change it).
 */
export function initialPassword(): string {
  for (;;) {
    const chars = Array.from({ length: 16 }, (_, i) => {
      const set = INITIAL_CLASSES[i % INITIAL_CLASSES.length]!;
      return set[randomInt(set.length)]!;
    });
    // Shuffle so that the classes do not sit at fixed places.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const p = chars.join('');
    if (!passwordRefusal(p)) return p;
  }
}
