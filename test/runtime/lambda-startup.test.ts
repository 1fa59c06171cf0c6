import { handler } from '../../src/runtime/lambda-worker';

describe('Lambda start-up', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('does not keep a failed start-up: the next invocation starts again (and never echoes a token)', async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.SLACK_BOT_TOKEN = 'xoxp-not-a-bot-token-123';
    await expect(handler({ Records: [] })).rejects.toThrow(
      /^SLACK_BOT_TOKEN is not valid \(got a "xoxp-…" value of \d+ characters, not shown\): expected a bot token/,
    );
    await handler({ Records: [] }).catch((error: Error) => {
      expect(error.message).not.toContain('xoxp-not-a-bot-token-123');
    });
    // Fixed configuration: the same container now gets past the token and fails on the next thing missing.
    process.env.SLACK_BOT_TOKEN = 'xoxb-fine';
    delete process.env.JOBS_KEY_SECRET_ARN;
    await expect(handler({ Records: [] })).rejects.toThrow(/^JOBS_KEY_SECRET_ARN is required on Lambda/);
  });
});
