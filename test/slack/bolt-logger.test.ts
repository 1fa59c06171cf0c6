import { createLogger } from '../../src/log/logger';
import { boltLogger } from '../../src/slack/bolt-logger';

describe('the Bolt log adapter', () => {
  it('logs an Error as an object with its stack, and the rest of the arguments as the message', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const bolt = boltLogger(logger);
    const error = new Error('listener blew up');
    bolt.error('An unhandled error occurred while Bolt processed an event', error);
    bolt.info('plain', { a: 1 });
    expect(lines[0]).toMatchObject({
      level: 50,
      component: 'bolt',
      msg: 'An unhandled error occurred while Bolt processed an event',
      err: { type: 'Error', message: 'listener blew up', stack: expect.stringContaining('bolt-logger.test') },
    });
    expect(lines[1]).toMatchObject({ level: 30, msg: 'plain {"a":1}' });
  });
});
