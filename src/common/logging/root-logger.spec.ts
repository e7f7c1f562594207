import { createRootLogger } from './root-logger';

describe('the root logger', () => {
  it('names the level of each line ("info", "warn"), never a number', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.level)).toEqual(['debug', 'info', 'warn', 'error']);
  });
});
