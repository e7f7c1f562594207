import { nextStep, StepFacts } from './next-step';

const now = new Date('2030-01-01T12:00:00Z');
const minutesAgo = (m: number) => ({ authTime: new Date(now.getTime() - m * 60_000) });
const facts = (overrides: Partial<StepFacts> = {}): StepFacts => ({
  prompt: [],
  session: minutesAgo(5),
  signedInHere: false,
  consentPolicy: 'skip',
  consentRemembered: false,
  now,
  ...overrides,
});

describe('nextStep', () => {
  it('asks for login without a session', () => {
    expect(nextStep(facts({ session: null }))).toBe('login');
  });

  it('issues at once for a signed-in user and a client that skips consent', () => {
    expect(nextStep(facts())).toBe('issue');
  });

  it('asks for login again with prompt=login or select_account, but not right after signing in', () => {
    expect(nextStep(facts({ prompt: ['login'] }))).toBe('login');
    expect(nextStep(facts({ prompt: ['select_account'] }))).toBe('login');
    expect(nextStep(facts({ prompt: ['login'], signedInHere: true }))).toBe('issue');
  });

  it('asks for login when the sign-in is older than max_age, and always for max_age=0', () => {
    expect(nextStep(facts({ maxAge: 600 }))).toBe('issue');
    expect(nextStep(facts({ maxAge: 60 }))).toBe('login');
    expect(nextStep(facts({ maxAge: 0, session: minutesAgo(0) }))).toBe('login');
    expect(nextStep(facts({ maxAge: 0, session: minutesAgo(0), signedInHere: true }))).toBe('issue');
  });

  it('follows the consent policy', () => {
    expect(nextStep(facts({ consentPolicy: 'always', consentRemembered: true }))).toBe('consent');
    expect(nextStep(facts({ consentPolicy: 'once' }))).toBe('consent');
    expect(nextStep(facts({ consentPolicy: 'once', consentRemembered: true }))).toBe('issue');
  });

  it('asks for consent with prompt=consent whatever the policy', () => {
    expect(nextStep(facts({ prompt: ['consent'] }))).toBe('consent');
    expect(nextStep(facts({ prompt: ['consent'], consentPolicy: 'once', consentRemembered: true }))).toBe('consent');
  });
});
