import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const logContext = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `work` with fields every log line written meanwhile carries, whichever logger writes it (on
 * Lambda: the awsRequestId, the cold start and the SQS message id). */
export function withLogContext<T>(fields: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  return logContext.run({ ...logContext.getStore(), ...fields }, work);
}

/** Structured JSON logs. Secrets are redacted wherever they might appear in a logged object. */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      name: options.name ?? 'cant-login',
      level: options.level ?? 'info',
      mixin: () => logContext.getStore() ?? {},
      redact: {
        paths: [
          'token',
          '*.token',
          'botToken',
          '*.botToken',
          'signingSecret',
          '*.signingSecret',
          'appToken',
          '*.appToken',
          'headers.authorization',
          '*.headers.authorization',
          'credentials',
          '*.credentials',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests and for the CLI's quiet paths. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
