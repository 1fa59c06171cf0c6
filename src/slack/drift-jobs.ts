/** Drift work a listener or the schedule hands off: a scan (then the digest), or an approver's decision on
 * a drift repair (the button carries only the ticket id). */
export type DriftJob =
  | { kind: 'drift'; action: 'scan'; requestId: string }
  | {
      kind: 'drift';
      action: 'approve' | 'reject' | 'retry';
      requestId: string;
      clickerId: string;
      ticketId: string;
      responseUrl?: string;
    };
