import { ConfigError, loadConfig } from '../../src/config/env';

describe('loadConfig', () => {
  it('applies the defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      AWS_QUOTA_SHARE: 0.5,
      DIAGNOSIS_WINDOW_HOURS: 24,
      INVENTORY_MAX_AGE_MINUTES: 60,
      PORT: 3000,
      DATA_DIR: '.data',
      LOG_LEVEL: 'info',
      SLACK_SELECT_MENUS: 'external',
    });
    expect(config.AWS_REGION).toBeUndefined();
  });

  it('parses every documented variable', () => {
    const config = loadConfig({
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      IDENTITY_CENTER_INSTANCE_ARN: 'arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15',
      AWS_QUOTA_SHARE: '0.25',
      APPROVERS: 'U0IRENE, U0TOMAS',
      PORT: '8080',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      ADMIN_CHANNEL_ID: 'C0ADMINS',
      APPROVER_GROUP_ID: 'S0APPROVE',
    });
    expect(config.AWS_QUOTA_SHARE).toBe(0.25);
    expect(config.APPROVERS).toEqual(['U0IRENE', 'U0TOMAS']);
    expect(config.PORT).toBe(8080);
  });

  it('reads how the approval card loads its pickers', () => {
    expect(loadConfig({ SLACK_SELECT_MENUS: 'static' }).SLACK_SELECT_MENUS).toBe('static');
    expect(() => loadConfig({ SLACK_SELECT_MENUS: 'dynamic' })).toThrow(
      'SLACK_SELECT_MENUS is not valid (got "dynamic"): expected external (type-ahead, needs the options load URL) or static',
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ AWS_REGION: '', PORT: ' ' }).PORT).toBe(3000);
  });

  it.each([
    ['AWS_QUOTA_SHARE', '2', 'AWS_QUOTA_SHARE is not valid (got "2"): expected a number no greater than 1'],
    ['AWS_QUOTA_SHARE', '0', 'AWS_QUOTA_SHARE is not valid (got "0"): expected a number greater than 0'],
    [
      'AWS_QUOTA_SHARE',
      'half',
      'AWS_QUOTA_SHARE is not valid (got "half"): expected a number between 0 (exclusive) and 1, such as 0.5',
    ],
    [
      'AWS_REGION',
      'Ireland',
      'AWS_REGION is not valid (got "Ireland"): expected an AWS region such as eu-west-1',
    ],
    ['PORT', '99999', 'PORT is not valid (got "99999"): expected a TCP port number'],
    [
      'SLACK_BOT_TOKEN',
      'xoxp-1234-secret',
      'SLACK_BOT_TOKEN is not valid (got a "xoxp-…" value of 16 characters, not shown): expected a bot token starting with xoxb-',
    ],
    [
      'SLACK_APP_TOKEN',
      'xoxb-1234-secret',
      'SLACK_APP_TOKEN is not valid (got a "xoxb-…" value of 16 characters, not shown): expected an app-level token starting with xapp-',
    ],
    [
      'APPROVERS',
      'U0IRENE,bob',
      'APPROVERS is not valid (got "U0IRENE,bob"): expected Slack user ids such as U0123ABCD, separated by commas',
    ],
    [
      'ADMIN_CHANNEL_ID',
      '#admins',
      'ADMIN_CHANNEL_ID is not valid (got "#admins"): expected a Slack channel id such as C0123ABCD',
    ],
  ])('rejects %s=%s with a message naming the variable and the form', (variable, value, message) => {
    if (variable.startsWith('SLACK_')) expect(message).not.toContain(value);
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toBe(message);
  });
});
