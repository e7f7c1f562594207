import { loginFailureMessage } from './login-failure-message';

describe('loginFailureMessage', () => {
  it('says the same for unknown accounts and wrong passwords', () => {
    expect(loginFailureMessage({ ok: false, reason: 'invalid' })).toEqual({
      status: 401,
      message: 'Invalid username or password.',
    });
  });

  it('names the wait in whole minutes when locked', () => {
    expect(loginFailureMessage({ ok: false, reason: 'locked', retryAfterSeconds: 30 }).message).toBe(
      'Too many attempts. Try again in 1 minute.',
    );
    expect(loginFailureMessage({ ok: false, reason: 'locked', retryAfterSeconds: 121 })).toEqual({
      status: 429,
      message: 'Too many attempts. Try again in 3 minutes.',
      retryAfterSeconds: 121,
    });
  });
});
