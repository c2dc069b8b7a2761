// Passwords as MLPS level 3 (GB/T 22239-2019, 8.1.4.1 identification) asks: complex enough and not
// guessable. At least 12 characters from at least three of the four classes (lower case, upper
// case, digits, other characters), not one character over and over, and not a common password
// (compared without case, digits and punctuation, so "Password@2024" is "password").

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
