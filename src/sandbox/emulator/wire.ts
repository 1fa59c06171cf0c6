import type { SandboxService, SnapshotFaults } from '../snapshot/schema';
import { AwsFault } from './errors';
import type { ServiceModel, Violation } from './model';
import type { SandboxState } from './state';

/** What an operation handler gets: the request's JSON input and the world it reads or changes. */
export interface OperationContext {
  state: SandboxState;
  faults: SnapshotFaults;
}

export type OperationHandler = (input: Record<string, unknown>, ctx: OperationContext) => unknown;

/**
 * One AWS JSON 1.1 service the emulator serves. An operation plugs in with two entries: its handler here,
 * and its input shape in `model` (generated, see `models/generate.ts`). The server routes by the model's
 * `targetPrefix` and validates every request against the model before the handler runs, so a handler
 * only sees input AWS would accept.
 */
export interface JsonService {
  service: SandboxService;
  model: ServiceModel;
  operations: Record<string, OperationHandler>;
  /** The error this service answers for a request that breaks its model (never empty `violations`). */
  invalid: (violations: Violation[], operation: string) => AwsFault;
}

/** The JSON protocols carry timestamps as epoch seconds. */
export function epochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A required string member, answered with AWS's own validation wording when absent. */
export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (value === undefined || value === null) {
    throw new AwsFault(
      'ValidationException',
      `1 validation error detected: Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsFault(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  return value === undefined || value === null ? undefined : requiredString(input, member);
}

export function oneOf<T extends string>(
  input: Record<string, unknown>,
  member: string,
  values: readonly T[],
): T {
  const value = requiredString(input, member);
  if (!(values as readonly string[]).includes(value)) {
    throw new AwsFault(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
  return value as T;
}

export function objectMember(
  input: Record<string, unknown>,
  member: string,
): Record<string, unknown> | undefined {
  const value = input[member];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Drops undefined members so answers look like AWS's (absent, not null). */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
