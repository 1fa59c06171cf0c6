import type { Logger } from '../../log/logger';
import type { TicketStore } from '../../tickets/store';
import type { ApproverDirectory } from '../../workflow/types';
import type { JobQueue } from '../jobs';
import type { PerPersonRateLimit } from '../rate-limit';

/** What every listener may use: they parse, check, acknowledge and queue; nothing slower. */
export interface ListenerDeps {
  queue: JobQueue;
  /** Read (never written) by listeners that must answer inside Slack's 3 s. */
  store: Pick<TicketStore, 'get'>;
  /** Who may decide on fixes: checked before a modal opens or a choice is listed. */
  approvers: ApproverDirectory;
  rateLimit: PerPersonRateLimit;
  logger: Logger;
  newRequestId: () => string;
}
