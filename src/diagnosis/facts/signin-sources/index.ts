import type { Clock } from '../../../lib/clock';
import type { Logger } from '../../../log/logger';
import type { IndexAnswer, IndexedStream } from '../../../signin-index/reader';
import { completeRead } from '../coverage';
import { describeInstant, type SignInEventSource, type SignInQuery, type SourceAnswer } from './source';

export * from './source';

/** The part of the sign-in index reader this source uses (`DynamoSignInIndex`). */
export interface SignInIndexReader {
  readStream(
    stream: IndexedStream,
    who: { userId?: string; names: readonly string[] },
    sinceMs: number,
    untilMs: number,
  ): Promise<IndexAnswer>;
}

/**
 * The sign-in index (src/signin-index), fed across accounts by the forwarder stack: a DynamoDB query
 * per key of the person, no CloudTrail call at all. It answers only for a window it covers: the indexer
 * records since when it has been fed, and a window that starts earlier (a new deployment, a forwarder
 * added yesterday) is not covered, so the next source answers and the report says why. A failed read of
 * the index is logged with its error and handed on the same way: the index is an accelerator, never the
 * only witness.
 */
export class IndexSource implements SignInEventSource {
  readonly kind = 'index' as const;

  constructor(
    private readonly index: SignInIndexReader,
    private readonly clock: Clock,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  async read(query: SignInQuery): Promise<SourceAnswer> {
    if (query.stream === 'sso' && !query.who.userId)
      return { kind: 'unavailable', reason: 'sso events are indexed by user id, and there is no user' };
    let answer: IndexAnswer;
    try {
      answer = await this.index.readStream(query.stream, query.who, query.startMs, query.endMs);
    } catch (error) {
      const code = (error as { name?: string; code?: string } | null)?.name ?? 'Error';
      this.logger?.warn(
        { action: 'dynamodb:Query', code, error, stream: query.stream },
        'the sign-in index could not be read; falling back',
      );
      return { kind: 'unavailable', reason: `the index could not be read (${code})` };
    }
    if (answer.covered) return { kind: 'read', read: completeRead(answer.events) };
    const now = this.clock.now();
    return {
      kind: 'unavailable',
      reason:
        answer.indexedSinceMs === undefined
          ? 'the index has never been fed (no forwarder delivering events yet)'
          : `the index is complete only since ${describeInstant(answer.indexedSinceMs, now)} (UTC), ` +
            `after the window's start at ${describeInstant(query.startMs, now)}`,
    };
  }
}
