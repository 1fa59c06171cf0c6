import type { DoctorCheck } from '../types';
import { channelMembership } from './channel-membership';

/** Can the bot post the "resolved" notes? Optional: without the setting nobody expects them. */
export const notifyChannel: DoctorCheck = {
  id: 'notify-channel',
  title: 'Can the bot post resolved notes in the notify channel?',
  cheap: true,
  async run({ slack, settings }) {
    if (!settings.notifyChannelId)
      return {
        status: 'ok',
        summary: 'NOTIFY_CHANNEL_ID is not set, so no resolved notes are posted (optional).',
      };
    return channelMembership(slack, settings.notifyChannelId, {
      variable: 'NOTIFY_CHANNEL_ID',
      purpose: 'posting a note for every resolved ticket',
    });
  },
};
