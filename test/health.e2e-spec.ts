import { startTestApp, TestApp } from './support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is live', async () => {
    const res = await fetch(`${t.url}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready while the database answers', async () => {
    const res = await fetch(`${t.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { details: { database: { status: string } } }).details.database.status).toBe('up');
  });

  it('answers an unknown path with a JSON 404 and a request id', async () => {
    const res = await fetch(`${t.url}/nope`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(((await res.json()) as { error: string }).error).toBe('not_found');
  });
});
