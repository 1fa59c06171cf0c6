import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Secrets are redacted wherever they might appear in a logged object. */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      name: options.name ?? 'cant-login',
      level: options.level ?? 'info',
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
