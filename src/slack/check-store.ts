import type { CauseId } from '../diagnosis/causes';
import type { DiagnosisReport, DiagnosisRequest } from '../diagnosis/types';
import type { ReportAudience } from './views/types';

/** One /cant-login request and what the bot answered, so buttons (which carry only its id) and App Home
 * can find it again. */
export interface CheckRecord {
  id: string;
  /** Who typed the command. */
  requesterId: string;
  /** Whose access was diagnosed (the requester, or someone an approver asked about). */
  subjectSlackId: string;
  /** What the diagnosis looked up (an email or an Identity Center user name). */
  identifier: string;
  subjectName: string;
  audience: ReportAudience;
  request: DiagnosisRequest;
  primaryCause: CauseId | null;
  headline: string;
  status: 'open' | 'resolved' | 'escalated';
  createdAt: string;
  updatedAt: string;
  /** The DM message that shows the report. */
  dm?: { channel: string; ts: string };
  report?: DiagnosisReport;
}

/** Where check records live; the tickets store implements it on DynamoDB. */
export interface CheckStore {
  put(record: CheckRecord): Promise<void>;
  get(id: string): Promise<CheckRecord | undefined>;
  /** The person's checks (as requester or subject), newest first. */
  recentFor(slackUserId: string, limit: number): Promise<CheckRecord[]>;
  /** Checks not yet resolved, newest first. */
  open(limit: number): Promise<CheckRecord[]>;
}

/** A process-local store: the default until the DynamoDB-backed ticket store is configured. */
export class InMemoryCheckStore implements CheckStore {
  private readonly records = new Map<string, CheckRecord>();

  async put(record: CheckRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: string): Promise<CheckRecord | undefined> {
    const r = this.records.get(id);
    return r ? structuredClone(r) : undefined;
  }

  async recentFor(slackUserId: string, limit: number): Promise<CheckRecord[]> {
    return this.sorted()
      .filter((r) => r.requesterId === slackUserId || r.subjectSlackId === slackUserId)
      .slice(0, limit);
  }

  async open(limit: number): Promise<CheckRecord[]> {
    return this.sorted()
      .filter((r) => r.status !== 'resolved')
      .slice(0, limit);
  }

  private sorted(): CheckRecord[] {
    return [...this.records.values()]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((r) => structuredClone(r));
  }
}
