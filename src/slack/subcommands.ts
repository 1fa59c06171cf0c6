import type { Logger } from '../log/logger';

/** Whether someone is an approver, decided within `ms` so a listener can still ack inside Slack's three
 * seconds (a user group is one Slack call, usually cached). Slow or failing counts as "no": the help
 * then shows only the employee forms, and the reason is logged. */
export async function isApproverWithin(
  check: ((userId: string) => Promise<boolean>) | undefined,
  userId: string,
  log: Logger,
  ms = 1500,
): Promise<boolean> {
  if (!check) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const answer = await Promise.race([check(userId), late]);
    if (answer === 'late') {
      log.warn({ ms }, 'approver check too slow for the help answer; showing the employee forms');
      return false;
    }
    return answer;
  } catch (error) {
    log.warn({ err: error }, 'approver check failed for the help answer; showing the employee forms');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
