import { pollOutcome, type DevicePoll } from './device-poll';

const poll = (fields: Partial<DevicePoll>): DevicePoll => ({
  status: 'pending',
  expired: false,
  tooFast: false,
  intervalSeconds: 5,
  scope: ['openid'],
  userId: null,
  grantId: null,
  ...fields,
});

describe('pollOutcome (RFC 8628 §3.5)', () => {
  it('keeps the device waiting while the user has not answered, and slows down one that polls too fast', () => {
    expect(pollOutcome(poll({}))).toBe('pending');
    expect(pollOutcome(poll({ tooFast: true }))).toBe('slow_down');
  });

  it('answers with the user decision, however fast the device polled', () => {
    expect(pollOutcome(poll({ status: 'approved', tooFast: true }))).toBe('approved');
    expect(pollOutcome(poll({ status: 'denied', tooFast: true }))).toBe('denied');
  });

  it('reports expiry before anything the user did, but a spent code stays spent', () => {
    expect(pollOutcome(poll({ status: 'approved', expired: true }))).toBe('expired');
    expect(pollOutcome(poll({ status: 'denied', expired: true }))).toBe('expired');
    expect(pollOutcome(poll({ status: 'consumed', expired: true }))).toBe('spent');
  });
});
