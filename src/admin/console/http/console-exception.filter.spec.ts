import type { ArgumentsHost } from '@nestjs/common';
import { OAuthErrors } from '../../../common/errors/oauth-error';
import { ConsoleExceptionFilter } from './console-exception.filter';
import type { ConsoleView } from './console-view';

/** The filter with a view that records what it was asked to render, and a response that records its headers. */
function filterAndResponse() {
  const rendered: { view: string; page: Record<string, unknown>; status: number }[] = [];
  const view = {
    render: (_req: unknown, _res: unknown, name: string, page: Record<string, unknown>, status: number) =>
      rendered.push({ view: name, page, status }),
  } as unknown as ConsoleView;
  const headers = new Map<string, string>();
  const res = { headersSent: false, setHeader: (name: string, value: string) => headers.set(name, value) };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { filter: new ConsoleExceptionFilter(view), host, rendered, headers };
}

describe('ConsoleExceptionFilter', () => {
  it('shows a busy server as a 503 page saying when to retry, with Retry-After', () => {
    const { filter, host, rendered, headers } = filterAndResponse();
    filter.catch(
      OAuthErrors.temporarilyUnavailable('Too many passwords are being checked right now: try again shortly.', {
        headers: { 'Retry-After': '3' },
      }),
      host,
    );
    expect(headers.get('Retry-After')).toBe('3');
    expect(rendered).toEqual([
      {
        view: 'error',
        status: 503,
        page: {
          title: 'Try again in a moment',
          message: 'Too many passwords are being checked right now: try again shortly.',
          code: 'temporarily_unavailable',
          requestId: 'req-1',
        },
      },
    ]);
  });

  it('keeps what went wrong inside to itself', () => {
    const { filter, host, rendered, headers } = filterAndResponse();
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
    filter.catch(new Error('connection string postgres://secret@db'), host);
    expect(headers.size).toBe(0);
    expect(rendered[0]).toMatchObject({ status: 500, page: { title: 'Something went wrong', message: undefined } });
  });
});
