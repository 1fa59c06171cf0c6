import * as path from 'node:path';

/** The repository root: the project whose package-lock.json and tsconfig.json the bundler uses. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The Lambda entry points, each a module exporting `handler`. The one place the stack (and its tests)
 * take them from. */
export const LAMBDA_ENTRIES = {
  /** Slack ingress: verifies the signature, acks, and puts the job on SQS. */
  ingress: path.join(REPO_ROOT, 'src', 'runtime', 'lambda-ingress.ts'),
  /** SQS consumer: diagnoses and applies approved fixes. */
  worker: path.join(REPO_ROOT, 'src', 'runtime', 'lambda-worker.ts'),
  /** Scheduled: expires approvals, takes over stalled fix runs, reminds approvers. */
  sweeper: path.join(REPO_ROOT, 'src', 'runtime', 'lambda-sweeper.ts'),
  /** DynamoDB stream of the tickets table: copies every audit event into the append-only trail table. */
  auditExport: path.join(REPO_ROOT, 'src', 'runtime', 'lambda-audit-export.ts'),
  /** EventBridge target (context signInIndex): writes sign-in and SCIM events into the table by person. */
  signInIndexer: path.join(REPO_ROOT, 'src', 'runtime', 'lambda-signin-indexer.ts'),
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;
