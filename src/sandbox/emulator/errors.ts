/** An error the emulator answers with, in the shape the named AWS service uses. */
export class AwsFault extends Error {
  constructor(
    /** The AWS error code, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape, e.g. `ResourceType`. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsFault('ResourceNotFoundException', message, 400, fields);

export const validation = (message: string) => new AwsFault('ValidationException', message);

export const conflict = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsFault('ConflictException', message, 400, fields);
