import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function slackSignature(body: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
  contentType = 'application/x-www-form-urlencoded',
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(body, timestamp, secret),
  };
}

/** Plays Slack's part towards the bot: correctly signed slash commands, button clicks and events, sent
 * over HTTP to the bot's /slack/events, with response_urls that point at the fake Web API. */
export class SlackDriver {
  private counter = 0;

  constructor(
    private readonly options: {
      /** The bot's events URL, e.g. http://127.0.0.1:3000/slack/events. */
      eventsUrl: string;
      signingSecret: string;
      /** Builds a response_url for a command (the fake Web API records what is posted there). */
      responseUrl: (id: string) => string;
      teamId?: string;
    },
  ) {}

  private post(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(this.options.eventsUrl, { method: 'POST', headers, body });
  }

  /** The form body Slack sends for `/cant-login <text>` typed by `user`. */
  commandBody(user: string, text: string, channel = 'C0GENERAL'): string {
    this.counter += 1;
    return new URLSearchParams({
      token: 'verification-token-unused',
      team_id: this.options.teamId ?? 'T0SANDBOX',
      team_domain: 'sandbox',
      channel_id: channel,
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/cant-login',
      text,
      api_app_id: 'A0CANTLOGIN',
      response_url: this.options.responseUrl(`cmd-${this.counter}`),
      trigger_id: `trigger-${this.counter}`,
    }).toString();
  }

  command(
    user: string,
    text = '',
    options: { channel?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = this.commandBody(user, text, options.channel);
    return this.post(
      body,
      options.headers ?? signedHeaders(body, this.options.signingSecret, options.timestamp),
    );
  }

  /** A `block_actions` payload from `user`, merged with `payload` (actions, message, …). */
  action(
    user: string,
    payload: Record<string, unknown> & { channelId?: string; messageTs?: string },
  ): Promise<Response> {
    this.counter += 1;
    const { channelId = 'D0', messageTs = '1.1', ...rest } = payload;
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: this.options.teamId ?? 'T0SANDBOX', domain: 'sandbox' },
        user: { id: user, username: user.toLowerCase(), team_id: this.options.teamId ?? 'T0SANDBOX' },
        api_app_id: 'A0CANTLOGIN',
        token: 'verification-token-unused',
        trigger_id: `trigger-a-${this.counter}`,
        container: { type: 'message', channel_id: channelId, message_ts: messageTs },
        channel: { id: channelId, name: 'directmessage' },
        ...rest,
      }),
    }).toString();
    return this.post(body, signedHeaders(body, this.options.signingSecret));
  }

  /** An Events API callback (e.g. app_home_opened). */
  event(event: Record<string, unknown>): Promise<Response> {
    this.counter += 1;
    const body = JSON.stringify({
      token: 'verification-token-unused',
      team_id: this.options.teamId ?? 'T0SANDBOX',
      api_app_id: 'A0CANTLOGIN',
      type: 'event_callback',
      event_id: `Ev${this.counter}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    return this.post(body, signedHeaders(body, this.options.signingSecret, undefined, 'application/json'));
  }
}
