import { passwordProblems, PASSWORD_MAX_LENGTH } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long passphrase of no one in particular', () => {
    expect(passwordProblems('violet kettle under the bridge', 10, { username: 'alice' })).toEqual([]);
  });

  it('asks for the minimum length, counting characters rather than bytes', () => {
    expect(passwordProblems('zq3!', 10)).toEqual(['Use at least {min} characters.']);
    expect(passwordProblems('ééééééééé', 10)).toEqual(['Use at least {min} characters.']);
    expect(passwordProblems('é'.repeat(10), 10)).toEqual([]);
  });

  it('refuses the most common passwords whatever their case', () => {
    expect(passwordProblems('Password1234', 8)).toContain('This is one of the most common passwords: choose another.');
    expect(passwordProblems('QWERTYUIOP', 8)).toContain('This is one of the most common passwords: choose another.');
  });

  it('refuses a password containing the username, the email or its name part', () => {
    const owner = { username: 'carol', email: 'carol.smith@example.com' };
    const message = 'Do not use your username or email address in it.';
    expect(passwordProblems('my name is Carol, ok?', 10, owner)).toContain(message);
    expect(passwordProblems('x carol.smith@example.com', 10, owner)).toContain(message);
    expect(passwordProblems('hello CAROL.SMITH 42', 10, owner)).toContain(message);
    expect(passwordProblems('violet kettle under the bridge', 10, owner)).toEqual([]);
  });

  it('refuses what is too long to hash for nothing', () => {
    expect(passwordProblems('a b '.repeat(PASSWORD_MAX_LENGTH), 10)).toEqual(['Use at most {max} characters.']);
  });
});
