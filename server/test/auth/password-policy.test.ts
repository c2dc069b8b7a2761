import { describe, expect, it } from 'vitest';
import { passwordProblems, passwordRefusal } from '../../src/auth/password-policy.ts';

describe('password policy (MLPS level 3)', () => {
  it.each([
    // Accepted before this policy: twelve of one letter.
    ['aaaaaaaaaaaa', ['too-few-classes', 'repetitive']],
    ['short1A!', ['too-short']],
    ['alllowercaseletters', ['too-few-classes']],
    // Long and varied, but the most guessed word underneath.
    ['Password@2024', ['common']],
    ['Qwerty123456!', ['common']],
    ['Yunqian#2026cloud', []],
    ['政务云迁移管理平台Ab12', []],
  ])('%s', (p, problems) => {
    expect(passwordProblems(p)).toEqual(problems);
  });

  it('says every rule broken in one sentence', () => {
    expect(passwordRefusal('aaaaaaaaaaaa')).toMatch(
      /three of: lower case.*; more than three different characters$/,
    );
    expect(passwordRefusal('Yunqian#2026cloud')).toBeNull();
  });
});
