import { randomUUID } from 'node:crypto';
import { AwsFault } from '../errors';
import type { SandboxState, StoredEvent } from '../state';
import type { OperationHandler } from '../wire';

/**
 * CloudTrail Lake (`StartQuery`, `DescribeQuery`, `GetQueryResults`, `CancelQuery`) over the snapshot's
 * event history, which the emulator serves as one event data store under any id named in `FROM`.
 *
 * Only the SQL subset the bot writes is understood (an unknown construct is an
 * `InvalidQueryStatementException`, never a guess): `SELECT` of columns, dotted struct fields and
 * `element_at(map, 'key')`, each optionally `AS alias`; `FROM <id>`; `WHERE` with `AND` / `OR` / `NOT`,
 * parentheses, `= <> != < <= > >=`, `IN (…)`, `IS [NOT] NULL` and `lower(…)`; `ORDER BY <column>
 * [ASC|DESC]`; `LIMIT n`. Columns are CloudTrail's record fields lower-cased, as Lake's schema names
 * them (`eventtime`, `eventsource`, `useridentity.onbehalfof.userid`, `additionaleventdata`, …);
 * `eventtime` compares as a timestamp against '2026-11-23 11:40:00' literals.
 *
 * A query runs for `LAKE_QUERY_RUN_MS` on the emulator's clock (QUEUED, then RUNNING, then FINISHED), at
 * most 10 at a time (`MaxConcurrentQueriesException`, AWS's limit); every value in a result row is a
 * string, and rows are lists of one-key maps, as GetQueryResults answers (aws-facts.md, second wave §2).
 */

/** How long a query takes on the emulator's clock. Real Lake queries take seconds to minutes. */
export const LAKE_QUERY_RUN_MS = 2000;
const MAX_CONCURRENT = 10;
const MAX_STATEMENT = 10_000;

type LakeStatus = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

interface LakeQuery {
  id: string;
  startedAt: number;
  cancelled: boolean;
  rows: Array<Array<Record<string, string>>>;
  scanned: number;
}

const queriesByState = new WeakMap<SandboxState, Map<string, LakeQuery>>();

function queriesOf(state: SandboxState): Map<string, LakeQuery> {
  let queries = queriesByState.get(state);
  if (!queries) {
    queries = new Map();
    queriesByState.set(state, queries);
  }
  return queries;
}

function statusOf(q: LakeQuery, now: number): LakeStatus {
  if (q.cancelled) return 'CANCELLED';
  const age = now - q.startedAt;
  if (age < LAKE_QUERY_RUN_MS / 4) return 'QUEUED';
  return age < LAKE_QUERY_RUN_MS ? 'RUNNING' : 'FINISHED';
}

// --- the SQL subset -------------------------------------------------------------------------------

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

const invalid = (message: string) => new AwsFault('InvalidQueryStatementException', message);

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw invalid('Unterminated string literal.');
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(sql.slice(i))![0];
      out.push({ t: 'num', v: Number(m) });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(sql.slice(i))![0];
      out.push({ t: 'id', v: m });
      i += m.length;
    } else {
      const two = sql.slice(i, i + 2);
      if (['<=', '>=', '<>', '!='].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('=<>(),.*'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else throw invalid(`Unexpected character '${c}'.`);
    }
  }
  out.push({ t: 'end' });
  return out;
}

type Expr =
  | { k: 'lit'; v: string | number | null }
  | { k: 'col'; path: string[] }
  | { k: 'fn'; name: 'lower' | 'element_at'; args: Expr[] }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'in'; a: Expr; list: Expr[]; not: boolean }
  | { k: 'isnull'; a: Expr; not: boolean }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'not'; a: Expr };

interface Statement {
  select: Array<{ expr: Expr; name: string }>;
  from: string;
  where: Expr | undefined;
  orderBy: { path: string[]; desc: boolean } | undefined;
  limit: number | undefined;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t.t === 'id' && t.v.toUpperCase() === word;
  }
  /** Takes `word` when it comes next. */
  private accept(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i++;
    return true;
  }
  private word(word: string): void {
    if (!this.isWord(word)) throw invalid(`Expected ${word}.`);
    this.i++;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === op;
  }
  private op(op: string): void {
    if (!this.isOp(op)) throw invalid(`Expected '${op}'.`);
    this.i++;
  }

  statement(): Statement {
    this.word('SELECT');
    const select: Statement['select'] = [];
    do {
      if (this.isOp('*')) {
        this.i++;
        select.push({ expr: { k: 'col', path: ['*'] }, name: '*' });
        continue;
      }
      const expr = this.value();
      let name = expr.k === 'col' ? expr.path[expr.path.length - 1]! : `_col${select.length}`;
      if (this.isWord('AS')) {
        this.i++;
        const alias = this.next();
        if (alias.t !== 'id') throw invalid('Expected an alias after AS.');
        name = alias.v;
      }
      select.push({ expr, name });
    } while (this.isOp(',') && this.next());
    this.word('FROM');
    const from = this.next();
    if (from.t !== 'id') throw invalid('Expected an event data store id after FROM.');
    const where = this.accept('WHERE') ? this.or() : undefined;
    let orderBy: Statement['orderBy'];
    if (this.isWord('ORDER')) {
      this.i++;
      this.word('BY');
      const col = this.value();
      if (col.k !== 'col') throw invalid('ORDER BY takes a column.');
      let desc = false;
      if (this.isWord('DESC')) {
        this.i++;
        desc = true;
      } else if (this.isWord('ASC')) this.i++;
      orderBy = { path: col.path, desc };
    }
    let limit: number | undefined;
    if (this.isWord('LIMIT')) {
      this.i++;
      const n = this.next();
      if (n.t !== 'num') throw invalid('LIMIT takes a number.');
      limit = n.v;
    }
    if (this.peek().t !== 'end') throw invalid('Unexpected text after the statement.');
    return { select, from: from.v, where, orderBy, limit };
  }

  private or(): Expr {
    let a = this.and();
    while (this.isWord('OR')) {
      this.i++;
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.isWord('AND')) {
      this.i++;
      a = { k: 'and', a, b: this.not() };
    }
    return a;
  }
  private not(): Expr {
    if (this.isWord('NOT')) {
      this.i++;
      return { k: 'not', a: this.not() };
    }
    return this.predicate();
  }
  private predicate(): Expr {
    const a = this.value();
    const t = this.peek();
    if (t.t === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.i++;
      return { k: 'cmp', op: t.v === '!=' ? '<>' : t.v, a, b: this.value() };
    }
    const negated = this.accept('NOT');
    if (this.isWord('IN')) {
      this.i++;
      this.op('(');
      const list = [this.value()];
      while (this.isOp(',')) {
        this.i++;
        list.push(this.value());
      }
      this.op(')');
      return { k: 'in', a, list, not: negated };
    }
    if (negated) throw invalid('Expected IN after NOT.');
    if (this.isWord('IS')) {
      this.i++;
      const not = this.accept('NOT');
      this.word('NULL');
      return { k: 'isnull', a, not };
    }
    return a;
  }
  private value(): Expr {
    const t = this.next();
    if (t.t === 'str' || t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = this.or();
      this.op(')');
      return e;
    }
    if (t.t !== 'id') throw invalid('Expected a value.');
    if (t.v.toUpperCase() === 'NULL') return { k: 'lit', v: null };
    if (this.isOp('(')) {
      const name = t.v.toLowerCase();
      if (name !== 'lower' && name !== 'element_at') throw invalid(`Function ${t.v} is not supported here.`);
      this.i++;
      const args = [this.value()];
      while (this.isOp(',')) {
        this.i++;
        args.push(this.value());
      }
      this.op(')');
      if (args.length !== (name === 'lower' ? 1 : 2)) throw invalid(`Wrong number of arguments to ${name}.`);
      return { k: 'fn', name, args };
    }
    const path = [t.v.toLowerCase()];
    while (this.isOp('.')) {
      this.i++;
      const part = this.next();
      if (part.t !== 'id') throw invalid('Expected a field name after "."');
      path.push(part.v.toLowerCase());
    }
    return { k: 'col', path };
  }
}

export function parseLakeQuery(sql: string): Statement {
  return new Parser(tokenize(sql)).statement();
}

// --- evaluation ---------------------------------------------------------------------------------

type Value = string | number | null | Record<string, unknown>;

/** A record's fields by lower-cased name (Lake's column names), one level; nested structs are looked up
 * case-insensitively, map keys (element_at) exactly. `eventtime` is the event's time in ms. */
function rowOf(e: StoredEvent): Record<string, unknown> {
  let record: Record<string, unknown> = {};
  try {
    const parsed: unknown = e.CloudTrailEvent ? JSON.parse(e.CloudTrailEvent) : {};
    if (parsed && typeof parsed === 'object') record = parsed as Record<string, unknown>;
  } catch {
    record = {};
  }
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) row[k.toLowerCase()] = v;
  row.eventid ??= e.EventId;
  row.eventname ??= e.EventName;
  row.eventsource ??= e.EventSource;
  row.eventtime = e.timeMs;
  return row;
}

function field(value: unknown, name: string): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const entry = Object.entries(value as Record<string, unknown>).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

function toValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return v as Record<string, unknown>;
  return String(v);
}

function evaluate(e: Expr, row: Record<string, unknown>): Value | boolean {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'col': {
      let v: unknown = row[e.path[0]!];
      for (const part of e.path.slice(1)) v = field(v, part);
      return toValue(v);
    }
    case 'fn': {
      const a = evaluate(e.args[0]!, row);
      if (e.name === 'lower') return typeof a === 'string' ? a.toLowerCase() : null;
      const key = evaluate(e.args[1]!, row);
      if (!a || typeof a !== 'object' || typeof key !== 'string') return null;
      return toValue((a as Record<string, unknown>)[key]);
    }
    case 'cmp':
      return compare(e.op, evaluate(e.a, row), evaluate(e.b, row), e.a);
    case 'in': {
      const a = evaluate(e.a, row);
      if (a === null) return false;
      const hit = e.list.some((item) => compare('=', a, evaluate(item, row), e.a));
      return e.not ? !hit : hit;
    }
    case 'isnull': {
      const isNull = evaluate(e.a, row) === null;
      return e.not ? !isNull : isNull;
    }
    case 'and':
      return truthy(evaluate(e.a, row)) && truthy(evaluate(e.b, row));
    case 'or':
      return truthy(evaluate(e.a, row)) || truthy(evaluate(e.b, row));
    case 'not':
      return !truthy(evaluate(e.a, row));
  }
}

const truthy = (v: Value | boolean) => v === true;

function isEventTime(e: Expr): boolean {
  return e.k === 'col' && e.path.length === 1 && e.path[0] === 'eventtime';
}

/** Trino timestamp literals ('2026-11-23 11:40:00', optionally with fractions) against `eventtime`. */
function timestampOf(text: string): number {
  const ms = Date.parse(`${text.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`);
  if (!Number.isFinite(ms)) throw invalid(`'${text}' is not a timestamp.`);
  return ms;
}

function compare(op: string, a: Value | boolean, b: Value | boolean, left: Expr): boolean {
  if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return false;
  let x: string | number | boolean = a;
  let y: string | number | boolean = b;
  if (isEventTime(left) && typeof y === 'string') y = timestampOf(y);
  switch (op) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      x = false;
      return x;
  }
}

/** Lake's string form of a timestamp: '2026-11-23 11:40:00.000'. */
function lakeTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function output(v: Value | boolean, isTime: boolean): string | undefined {
  if (v === null) return undefined;
  if (isTime && typeof v === 'number') return lakeTime(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(statement: Statement, events: readonly StoredEvent[]): LakeQuery['rows'] {
  const rows = events.map(rowOf).filter((row) => !statement.where || truthy(evaluate(statement.where, row)));
  if (statement.orderBy) {
    const by: Expr = { k: 'col', path: statement.orderBy.path };
    const sign = statement.orderBy.desc ? -1 : 1;
    rows.sort((r1, r2) => {
      const a = evaluate(by, r1);
      const b = evaluate(by, r2);
      if (a === b) return 0;
      if (a === null) return 1;
      if (b === null) return -1;
      return (a < b ? -1 : 1) * sign;
    });
  }
  const limited = statement.limit === undefined ? rows : rows.slice(0, statement.limit);
  return limited.map((row) =>
    statement.select.flatMap(({ expr, name }) => {
      if (expr.k === 'col' && expr.path[0] === '*')
        throw invalid('SELECT * is not supported by the emulator.');
      const text = output(evaluate(expr, row), isEventTime(expr));
      return text === undefined ? [] : [{ [name]: text }];
    }),
  );
}

// --- the operations -------------------------------------------------------------------------------

function queryIdOf(input: Record<string, unknown>): string {
  const id = input.QueryId;
  if (typeof id !== 'string' || id === '')
    throw new AwsFault('InvalidParameterException', 'QueryId is required.');
  return id;
}

function findQuery(state: SandboxState, input: Record<string, unknown>): LakeQuery {
  const q = queriesOf(state).get(queryIdOf(input));
  if (!q)
    throw new AwsFault('QueryIdNotFoundException', 'The query ID does not exist or does not map to a query.');
  return q;
}

export const cloudTrailLakeOperations: Record<string, OperationHandler> = {
  StartQuery(input, { state }) {
    const sql = input.QueryStatement;
    if (typeof sql !== 'string' || sql.length === 0 || sql.length > MAX_STATEMENT)
      throw invalid(`QueryStatement must be 1 to ${MAX_STATEMENT} characters.`);
    const now = state.clock.now();
    const queries = queriesOf(state);
    const running = [...queries.values()].filter((q) => {
      const s = statusOf(q, now);
      return s === 'QUEUED' || s === 'RUNNING';
    }).length;
    if (running >= MAX_CONCURRENT)
      throw new AwsFault('MaxConcurrentQueriesException', 'The maximum number of concurrent queries is 10.');
    const statement = parseLakeQuery(sql);
    // The result is fixed when the query starts (the history as of then), and served once it finishes.
    const rows = run(
      statement,
      state.events.filter((e) => e.timeMs <= now),
    );
    const id = randomUUID();
    queries.set(id, { id, startedAt: now, cancelled: false, rows, scanned: state.events.length });
    return { QueryId: id };
  },

  DescribeQuery(input, { state }) {
    const q = findQuery(state, input);
    const status = statusOf(q, state.clock.now());
    return {
      QueryId: q.id,
      QueryStatus: status,
      QueryStatistics: {
        ...(status === 'FINISHED' ? { EventsMatched: q.rows.length, EventsScanned: q.scanned } : {}),
        CreationTime: q.startedAt / 1000,
      },
    };
  },

  GetQueryResults(input, { state }) {
    const q = findQuery(state, input);
    const status = statusOf(q, state.clock.now());
    const max = input.MaxQueryResults ?? 1000;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)
      throw new AwsFault('InvalidMaxResultsException', 'MaxQueryResults must be 1 to 1000.');
    if (status !== 'FINISHED') return { QueryStatus: status, QueryResultRows: [] };
    const token = input.NextToken;
    let offset = 0;
    if (token !== undefined) {
      const m = typeof token === 'string' ? /^lake:([^:]+):(\d+)$/.exec(token) : null;
      if (!m || m[1] !== q.id) throw new AwsFault('InvalidNextTokenException', 'Invalid NextToken.');
      offset = Number(m[2]);
    }
    const rows = q.rows.slice(offset, offset + max);
    const next = offset + max < q.rows.length ? `lake:${q.id}:${offset + max}` : undefined;
    return {
      QueryStatus: status,
      QueryStatistics: { ResultsCount: rows.length, TotalResultsCount: q.rows.length },
      QueryResultRows: rows,
      ...(next ? { NextToken: next } : {}),
    };
  },

  CancelQuery(input, { state }) {
    const q = findQuery(state, input);
    const status = statusOf(q, state.clock.now());
    if (status !== 'QUEUED' && status !== 'RUNNING')
      throw new AwsFault('InactiveQueryException', `The query is ${status} and cannot be cancelled.`);
    q.cancelled = true;
    return { QueryId: q.id, QueryStatus: 'CANCELLED' };
  },
};
