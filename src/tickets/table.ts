/** The shape of the one DynamoDB table the app uses. The CDK app creates it from these names; the app
 * itself never creates or alters it in production. */
export const TABLE_SHAPE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** Tickets by subject ("my tickets"), newest first. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Tickets by state ("awaiting approval", "open") and audit events by month (the export). */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  ttlAttribute: 'ttl',
} as const;

/** Key layout of each kind of item in the table. */
export const keys = {
  ticket: (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' }),
  ticketBySubject: (slackUserId: string) => `SUBJECT#${slackUserId}`,
  ticketByState: (state: string) => `STATE#${state}`,
  audit: (ticketId: string, at: string, unique: string) => ({
    pk: `TICKET#${ticketId}`,
    sk: `AUDIT#${at}#${unique}`,
  }),
  auditByMonth: (at: string) => `AUDIT#${at.slice(0, 7)}`,
  /** A queued job the worker handled (replays are refused). */
  job: (requestId: string) => ({ pk: `JOB#${requestId}`, sk: 'JOB' }),
  principal: (type: string, name: string, id: string) => ({
    pk: `PRINCIPAL#${type}#${name}`,
    sk: `ID#${id}`,
  }),
} as const;
