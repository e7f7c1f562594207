import { delegatedTo, readActorClaim, type ActorClaim } from './actor-claim';

describe('act claim (RFC 8693 §4.1)', () => {
  it('puts the current actor on top and the earlier chain inside it', () => {
    const prior: ActorClaim = { sub: 'gateway', client_id: 'gateway' };
    expect(delegatedTo({ sub: 'worker', client_id: 'worker' }, prior)).toEqual({
      sub: 'worker',
      client_id: 'worker',
      act: { sub: 'gateway', client_id: 'gateway' },
    });
    expect(delegatedTo({ sub: 'gateway' }, undefined)).toEqual({ sub: 'gateway' });
  });

  it('refuses to grow a chain past ten actors', () => {
    let chain: ActorClaim | undefined;
    for (let i = 0; i < 10; i++) chain = delegatedTo({ sub: `actor-${i}` }, chain);
    expect(() => delegatedTo({ sub: 'one-too-many' }, chain)).toThrow(
      expect.objectContaining({ error: 'invalid_request' }),
    );
  });

  it('reads a nested claim back, keeping only sub, client_id and act', () => {
    expect(readActorClaim({ sub: 'a', client_id: 'c', extra: 1, act: { sub: 'b' } })).toEqual({
      sub: 'a',
      client_id: 'c',
      act: { sub: 'b' },
    });
    expect(readActorClaim({ client_id: 'c' })).toBeUndefined();
    expect(readActorClaim('a')).toBeUndefined();
    expect(readActorClaim(undefined)).toBeUndefined();
  });
});
