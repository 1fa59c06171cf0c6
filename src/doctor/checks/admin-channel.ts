import type { DoctorCheck } from '../types';
import { channelMembership } from './channel-membership';

/** Is there an admin channel for approval cards, and can the bot post there? */
export const adminChannel: DoctorCheck = {
  id: 'admin-channel',
  title: 'Can the bot post approval cards in the admin channel?',
  cheap: true,
  async run({ slack, settings }) {
    if (!settings.adminChannelId)
      return {
        status: 'warn',
        summary:
          'ADMIN_CHANNEL_ID is not set: no approval cards are posted, "Get a human" reaches nobody, and people are told that nobody was notified.',
        fix: 'Set ADMIN_CHANNEL_ID to the id of the channel where approvers work (C0123ABCD) and invite the bot there.',
      };
    return channelMembership(slack, settings.adminChannelId, {
      variable: 'ADMIN_CHANNEL_ID',
      purpose: 'posting approval cards and "Get a human" requests',
    });
  },
};
