import type { webApi } from '@slack/bolt';
import type { Clock } from '../lib/clock';

/** Who may approve fixes and look into other people: configured user ids and/or a Slack user group,
 * checked at the time of the click. The demo's snapshot admins apply only when neither is set. */
export class Approvers {
  private groupCache: { members: Set<string>; at: number } | undefined;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly options: {
      userIds?: readonly string[];
      groupId?: string;
      /** Only used when neither `userIds` nor `groupId` is configured. */
      fallback?: readonly string[];
      clock: Clock;
      /** How long a user group's member list is trusted. */
      groupTtlMs?: number;
    },
  ) {}

  async isApprover(slackUserId: string): Promise<boolean> {
    const { userIds, groupId, fallback } = this.options;
    if (!userIds?.length && !groupId) return fallback?.includes(slackUserId) ?? false;
    if (userIds?.includes(slackUserId)) return true;
    if (!groupId) return false;
    return (await this.groupMembers(groupId)).has(slackUserId);
  }

  private async groupMembers(groupId: string): Promise<Set<string>> {
    const now = this.options.clock.now();
    const ttl = this.options.groupTtlMs ?? 60_000;
    if (this.groupCache && now - this.groupCache.at < ttl) return this.groupCache.members;
    const out = await this.client.usergroups.users.list({ usergroup: groupId });
    this.groupCache = { members: new Set(out.users ?? []), at: now };
    return this.groupCache.members;
  }
}
