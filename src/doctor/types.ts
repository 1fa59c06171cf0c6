import type { webApi } from '@slack/bolt';
import type { AwsClients, DynamoDB } from '../aws';

/** How one part of the setup looks: `warn` when it works but something is missing or could not be
 * confirmed (unknown is never `ok`), `fail` when the bot cannot do its job until it is fixed. */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

/** What a check found, with the one thing to do about it. */
export interface DoctorOutcome {
  status: DoctorStatus;
  /** One line: what was seen. */
  summary: string;
  /** One line: what to change, when the status is not `ok`. */
  fix?: string;
  /** Further lines (each missing IAM action, say). */
  details?: string[];
}

/** The Slack Web API methods the doctor calls (the bot's own client; a fake in tests). */
export type DoctorSlack = Pick<webApi.WebClient, 'auth' | 'conversations' | 'users' | 'usergroups'>;

/** The settings and clients the checks read; everything passed in, nothing read from the environment. */
export interface DoctorDeps {
  /** Undefined when no bot token is configured (the CLI run by an admin without Slack at hand). */
  slack: DoctorSlack | undefined;
  aws: AwsClients;
  /** The tickets table's client, when `TICKETS_TABLE` is set. */
  dynamodb: Pick<DynamoDB, 'describeTable'> | undefined;
  settings: DoctorSettings;
  now: () => number;
}

export interface DoctorSettings {
  region: string;
  /** Running on the emulator: the AWS answers come from a snapshot. */
  sandbox: boolean;
  adminChannelId?: string;
  notifyChannelId?: string;
  approverIds?: readonly string[];
  approverGroupId?: string;
  /** The snapshot's admins, used as approvers only when neither of the above is set (the demo). */
  fallbackApprovers?: readonly string[];
  instanceArn?: string;
  ticketsTable?: string;
  /** Where the embedded store keeps tickets when there is no table. */
  dataDir?: string;
  fixRoleArn?: string;
  cloudTrailRoleArn?: string;
}

/** One thing the doctor checks: a stable id, a title phrased as a question, and whether it is cheap
 * enough (a Slack call or two, one AWS read) to run at every start-up. */
export interface DoctorCheck {
  id: string;
  title: string;
  cheap: boolean;
  run(deps: DoctorDeps): Promise<DoctorOutcome>;
}

/** A check's outcome with its id and title, as the CLI, the JSON and Slack show it. */
export interface DoctorResult extends DoctorOutcome {
  id: string;
  title: string;
}
