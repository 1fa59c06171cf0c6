import type { AwsClients } from '../../../aws';
import type { Clock } from '../../../lib/clock';
import type { SingleFlight } from '../../../lib/single-flight';
import type { Logger } from '../../../log/logger';
import { IndexSource, type SignInIndexReader } from './index';
import { LakeSource } from './lake';
import { LookupEventsSource } from './lookup-events';
import { type SignInEventSource, SignInSourceChain } from './source';

export interface SignInSourceSetup {
  clients: Pick<AwsClients, 'cloudTrail'>;
  clock: Clock;
  /** LookupEvents pages per stream and window (the fallback's cap). */
  maxEventPages: number;
  /** The deployment's sign-in index, when it has one (TICKETS_TABLE). */
  index?: SignInIndexReader;
  /** CLOUDTRAIL_LAKE_EVENT_DATA_STORE, when the deployment has an event data store. */
  lakeEventDataStoreArn?: string;
  sharedReads?: SingleFlight;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** For tests: Lake's wait between polls. */
  sleep?: (ms: number) => Promise<void>;
}

/** The deployment's evidence sources, fastest first: the index, then Lake, then LookupEvents (always
 * last: it is the one every deployment has, and it says what it did not cover). */
export function chooseSignInSource(setup: SignInSourceSetup): SignInSourceChain {
  const sources: SignInEventSource[] = [];
  if (setup.index) sources.push(new IndexSource(setup.index, setup.clock, setup.logger));
  if (setup.lakeEventDataStoreArn)
    sources.push(
      new LakeSource({
        clients: setup.clients,
        clock: setup.clock,
        eventDataStoreArn: setup.lakeEventDataStoreArn,
        ...(setup.sharedReads ? { sharedReads: setup.sharedReads } : {}),
        ...(setup.logger ? { logger: setup.logger } : {}),
        ...(setup.sleep ? { sleep: setup.sleep } : {}),
      }),
    );
  sources.push(
    new LookupEventsSource({
      clients: setup.clients,
      clock: setup.clock,
      maxPages: setup.maxEventPages,
      ...(setup.sharedReads ? { sharedReads: setup.sharedReads } : {}),
    }),
  );
  return new SignInSourceChain(sources, setup.logger);
}
