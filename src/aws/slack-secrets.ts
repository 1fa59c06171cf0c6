import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The Slack credentials kept in one Secrets Manager secret (a JSON object). */
export interface SlackSecrets {
  botToken: string;
  signingSecret: string;
  appToken?: string;
}

/** Reads the Slack secret at start-up. Accepts `SLACK_BOT_TOKEN` / `SLACK_SIGNING_SECRET` (the
 * environment names) or `botToken` / `signingSecret` keys; fails naming what is missing, never the value. */
export async function readSlackSecrets(secretArn: string, region?: string): Promise<SlackSecrets> {
  const client = new SecretsManagerClient(region ? { region } : {});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(out.SecretString ?? '') as Record<string, unknown>;
    } catch {
      throw new Error(`the secret ${secretArn} is not a JSON object`);
    }
    const pick = (...keys: string[]) =>
      keys.map((k) => value[k]).find((v): v is string => typeof v === 'string' && v !== '');
    const botToken = pick('SLACK_BOT_TOKEN', 'botToken');
    const signingSecret = pick('SLACK_SIGNING_SECRET', 'signingSecret');
    const appToken = pick('SLACK_APP_TOKEN', 'appToken');
    if (!botToken) throw new Error(`the secret ${secretArn} has no SLACK_BOT_TOKEN`);
    if (!signingSecret) throw new Error(`the secret ${secretArn} has no SLACK_SIGNING_SECRET`);
    return { botToken, signingSecret, ...(appToken ? { appToken } : {}) };
  } finally {
    client.destroy();
  }
}
