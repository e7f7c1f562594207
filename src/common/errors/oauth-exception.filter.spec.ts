import { ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toOAuthError } from './oauth-exception.filter';

describe('toOAuthError', () => {
  it('answers an unreachable database with 503 temporarily_unavailable, shown to the caller', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const error = toOAuthError(new QueryFailedError('SELECT 1', [], refused));
    expect(error.status).toBe(503);
    expect(error.toJSON()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    expect(JSON.stringify(error.toJSON())).not.toMatch(/ECONNREFUSED|10\.0\.0\.5/);
  });

  it('hides other server errors, and what a 503 exception carried', () => {
    expect(toOAuthError(new Error('boom')).toJSON()).toEqual({ error: 'server_error' });
    const unready = toOAuthError(new ServiceUnavailableException({ details: 'database down' })).toJSON();
    expect(unready.error).toBe('temporarily_unavailable');
    expect(JSON.stringify(unready)).not.toContain('database down');
  });
});
