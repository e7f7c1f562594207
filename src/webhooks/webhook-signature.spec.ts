import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"admin.user.created"}';

  it('verifies its own signature, and not another body, secret or an old timestamp', () => {
    const header = signatureHeader(secret, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header)).toBe(true);
    expect(verifySignature(secret, `${body} `, header)).toBe(false);
    expect(verifySignature('whsec_other', body, header)).toBe(false);
    expect(verifySignature(secret, body, signatureHeader(secret, body, new Date(Date.now() - 600_000)))).toBe(false);
  });
});
