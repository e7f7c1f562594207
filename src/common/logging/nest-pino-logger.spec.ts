import pino from 'pino';
import { NestPinoLogger } from './nest-pino-logger';

/** A logger at `level` whose lines are collected, parsed. */
function capture(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { nest: new NestPinoLogger(logger), lines };
}

describe('NestPinoLogger', () => {
  it('writes a message with the context Nest appends', () => {
    const { nest, lines } = capture();
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'Nest application successfully started',
      context: 'NestApplication',
    });
  });

  it('logs the route and module lines of start-up at debug, not info', () => {
    const { nest, lines } = capture();
    nest.log('Mapped {/oauth2/token, POST} route', 'RouterExplorer');
    nest.log('TokenController {/oauth2}:', 'RoutesResolver');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines.map((l) => l.level)).toEqual([20, 20, 20, 30]);
  });

  it('maps Nest levels onto pino levels', () => {
    const { nest, lines } = capture();
    nest.verbose('v', 'C');
    nest.debug('d', 'C');
    nest.warn('w', 'C');
    nest.error('e', 'C');
    nest.fatal('f', 'C');
    expect(lines.map((l) => l.level)).toEqual([10, 20, 40, 50, 60]);
  });

  it('merges an object message and takes the next argument as the text', () => {
    const { nest, lines } = capture();
    nest.error({ reqId: 'r-1' }, 'unhandled error', 'Errors');
    expect(lines[0]).toMatchObject({ reqId: 'r-1', msg: 'unhandled error', context: 'Errors' });
  });

  it('serialises an Error with its stack', () => {
    const { nest, lines } = capture();
    nest.error(new Error('boom'), 'Errors');
    expect(lines[0]).toMatchObject({ msg: 'boom', context: 'Errors', err: { message: 'boom' } });
    expect((lines[0].err as { stack: string }).stack).toContain('Error: boom');
  });

  it("keeps the stack Nest's exception handlers pass as a second argument", () => {
    const { nest, lines } = capture();
    nest.error('failed', 'Error: failed\n    at somewhere', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({
      msg: 'failed',
      context: 'ExceptionsHandler',
      err: { stack: 'Error: failed\n    at somewhere' },
    });
  });

  it('writes nothing below its level', () => {
    const { nest, lines } = capture('warn');
    nest.log('quiet', 'C');
    nest.debug('quieter', 'C');
    expect(lines).toEqual([]);
  });
});
