/**
 * The service models the emulator validates requests against: the input shapes of the operations it
 * implements, with their Smithy constraints (required members, patterns, lengths, ranges, enums, types),
 * generated from botocore's models by `models/generate.ts`. AWS checks a request against its model before
 * the operation runs; so does the emulator, so a client that sends what AWS would refuse is refused here.
 */

export type ShapeDef =
  | { type: 'string'; min?: number; max?: number; pattern?: string; enum?: string[] }
  | { type: 'integer' | 'long' | 'double' | 'float'; min?: number; max?: number }
  | { type: 'boolean' | 'timestamp' | 'blob' | 'document' }
  | { type: 'list'; member: string; min?: number; max?: number }
  | { type: 'map'; key: string; value: string; min?: number; max?: number }
  | { type: 'structure'; members: Record<string, string>; required?: string[]; union?: boolean };

export interface ServiceModel {
  /** The model's `targetPrefix`, e.g. `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`. */
  targetPrefix: string;
  /** Operation name → its input shape. */
  operations: Record<string, { input: string }>;
  shapes: Record<string, ShapeDef>;
  /** Error code → the members its shape declares besides Message, with the enum of each when it has one. */
  errors: Record<string, Record<string, string[] | null>>;
}

/** Why a member broke the model: one entry per broken constraint, as AWS lists them. */
export interface Violation {
  /** AWS's path to the member, e.g. `filter.accountId`, `filters.1.member`. */
  path: string;
  kind:
    | 'required'
    | 'union'
    | 'pattern'
    | 'minLength'
    | 'maxLength'
    | 'minValue'
    | 'maxValue'
    | 'enum'
    | 'null';
  value: unknown;
  /** The constraint in AWS's wording, after "failed to satisfy constraint: ". */
  constraint: string;
}

/** A member whose JSON type is not the model's: AWS fails to deserialise it (SerializationException). */
export class ModelTypeError extends Error {
  readonly code = 'SerializationException';
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const compiled = new Map<string, RegExp>();

/** Java's `Pattern.matches` semantics: the whole value must match. Smithy patterns use \p{…} classes and
 * Java's inline `(?s)` flag, which JavaScript spells as a flag after the expression. */
export function regexOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const dotAll = pattern.startsWith('(?s)');
    re = new RegExp(`^(?:${dotAll ? pattern.slice(4) : pattern})$`, dotAll ? 'us' : 'u');
    compiled.set(pattern, re);
  }
  return re;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    case 'boolean':
      return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    default:
      return 'START_OBJECT';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks `input` against the operation's input shape. Throws ModelTypeError for a member of the wrong JSON
 * type (AWS cannot even read such a request); returns every constraint the request breaks otherwise.
 */
export function validateInput(model: ServiceModel, operation: string, input: unknown): Violation[] {
  const op = model.operations[operation];
  if (!op) return [];
  const violations: Violation[] = [];
  checkShape(model, op.input, input, '', violations);
  return violations;
}

function checkShape(model: ServiceModel, shapeName: string, value: unknown, path: string, out: Violation[]) {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`The model has no shape ${shapeName}.`);
  const where = path || 'the request';
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') {
        throw new ModelTypeError(`Unexpected ${typeName(value)} at ${where}: expected a string.`);
      }
      const length = [...value].length;
      if (shape.min !== undefined && length < shape.min)
        out.push({
          path,
          kind: 'minLength',
          value,
          constraint: `Member must have length greater than or equal to ${shape.min}`,
        });
      if (shape.max !== undefined && length > shape.max)
        out.push({
          path,
          kind: 'maxLength',
          value,
          constraint: `Member must have length less than or equal to ${shape.max}`,
        });
      if (shape.enum && !shape.enum.includes(value))
        out.push({
          path,
          kind: 'enum',
          value,
          constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
      else if (shape.pattern !== undefined && !regexOf(shape.pattern).test(value))
        out.push({
          path,
          kind: 'pattern',
          value,
          constraint: `Member must satisfy regular expression pattern: ${shape.pattern}`,
        });
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const integral = shape.type === 'integer' || shape.type === 'long';
      if (typeof value !== 'number' || (integral && !Number.isInteger(value))) {
        throw new ModelTypeError(
          `${typeName(value)} can not be converted to ${integral ? 'an Integer' : 'a Double'} at ${where}.`,
        );
      }
      if (shape.min !== undefined && value < shape.min)
        out.push({
          path,
          kind: 'minValue',
          value,
          constraint: `Member must have value greater than or equal to ${shape.min}`,
        });
      if (shape.max !== undefined && value > shape.max)
        out.push({
          path,
          kind: 'maxValue',
          value,
          constraint: `Member must have value less than or equal to ${shape.max}`,
        });
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean')
        throw new ModelTypeError(`${typeName(value)} can not be converted to a Boolean at ${where}.`);
      return;
    case 'timestamp':
      // The JSON protocols send timestamps as epoch seconds; a date string is not read as one.
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ModelTypeError(
          `${typeName(value)} can not be converted to a Timestamp (epoch seconds) at ${where}.`,
        );
      return;
    case 'blob':
      if (typeof value !== 'string')
        throw new ModelTypeError(`${typeName(value)} can not be converted to a Blob at ${where}.`);
      return;
    case 'document':
      return;
    case 'list': {
      if (!Array.isArray(value))
        throw new ModelTypeError(`Unexpected ${typeName(value)} at ${where}: expected a list.`);
      sizeChecks(shape, value.length, value, path, out);
      value.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null)
          out.push({ path: itemPath, kind: 'null', value: null, constraint: 'Member must not be null' });
        else checkShape(model, shape.member, item, itemPath, out);
      });
      return;
    }
    case 'map': {
      if (!isObject(value))
        throw new ModelTypeError(`Unexpected ${typeName(value)} at ${where}: expected a map.`);
      const entries = Object.entries(value);
      sizeChecks(shape, entries.length, value, path, out);
      for (const [k, v] of entries) {
        checkShape(model, shape.key, k, `${path}.${k}.key`, out);
        if (v !== null) checkShape(model, shape.value, v, `${path}.${k}.value`, out);
      }
      return;
    }
    case 'structure': {
      if (!isObject(value))
        throw new ModelTypeError(`Unexpected ${typeName(value)} at ${where}: expected a structure.`);
      for (const member of shape.required ?? []) {
        if (value[member] === undefined || value[member] === null) {
          out.push({
            path: join(path, member),
            kind: 'required',
            value: null,
            constraint: 'Member must not be null',
          });
        }
      }
      const set = Object.keys(shape.members).filter((m) => value[m] !== undefined && value[m] !== null);
      if (shape.union && set.length !== 1) {
        out.push({
          path: path || 'input',
          kind: 'union',
          value: shown(value),
          constraint: `Exactly one of [${Object.keys(shape.members).join(', ')}] must be set`,
        });
      }
      // Members the model does not declare are ignored, as AWS's deserialisers ignore them.
      for (const member of set) {
        checkShape(model, shape.members[member] as string, value[member], join(path, member), out);
      }
      return;
    }
  }
}

function join(path: string, member: string): string {
  return path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
}

function sizeChecks(
  shape: { min?: number; max?: number },
  size: number,
  value: unknown,
  path: string,
  out: Violation[],
) {
  if (shape.min !== undefined && size < shape.min)
    out.push({
      path,
      kind: 'minLength',
      value,
      constraint: `Member must have length greater than or equal to ${shape.min}`,
    });
  if (shape.max !== undefined && size > shape.max)
    out.push({
      path,
      kind: 'maxLength',
      value,
      constraint: `Member must have length less than or equal to ${shape.max}`,
    });
}

/** AWS's wording for a request that broke its model ("1 validation error detected: …"). */
export function validationMessage(violations: Violation[]): string {
  const n = violations.length;
  const parts = violations.map((v) =>
    v.kind === 'required' || v.kind === 'null'
      ? `Value null at '${v.path}' failed to satisfy constraint: ${v.constraint}`
      : `Value '${shown(v.value)}' at '${v.path}' failed to satisfy constraint: ${v.constraint}`,
  );
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
