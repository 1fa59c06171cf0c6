import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND } from '../../src/slack/ids';
import { type BotHarness, signedHeaders, startHarness } from './harness';

const ROOT = resolve(__dirname, '../..');
const SOCKET = readFileSync(resolve(ROOT, 'manifest.yml'), 'utf8');
const HTTP = readFileSync(resolve(ROOT, 'infra/slack-manifest.http.yml'), 'utf8');

/** The value of `key:` on its own line (the manifests are flat enough for this). */
function values(yaml: string, key: string): string[] {
  return [...yaml.matchAll(new RegExp(`^\\s*-?\\s*${key}:\\s*(.+)$`, 'gm'))].map((m) => m[1]!.trim());
}

const botScopes = (yaml: string) =>
  [...(/bot:\n((?:\s+(?:-\s+\S+|#.*)\n)+)/.exec(yaml)?.[1] ?? '').matchAll(/-\s+(\S+)/g)].map((m) => m[1]);

describe('the HTTP / Lambda manifest (infra/slack-manifest.http.yml)', () => {
  it('points every request URL, including the options load URL, at /slack/events', () => {
    expect(values(HTTP, 'url')).toEqual(['https://<your host>/slack/events']);
    expect(values(HTTP, 'request_url')).toEqual([
      'https://<your host>/slack/events',
      'https://<your host>/slack/events',
    ]);
    expect(values(HTTP, 'message_menu_options_url')).toEqual(['https://<your host>/slack/events']);
    expect(values(HTTP, 'socket_mode_enabled')).toEqual(['false']);
  });

  it('is the same app as manifest.yml: command, usage hint, scopes', () => {
    expect(values(HTTP, 'command')).toEqual([COMMAND]);
    expect(values(HTTP, 'usage_hint')).toEqual(values(SOCKET, 'usage_hint'));
    expect(values(HTTP, 'usage_hint')[0]).toContain('help');
    expect(botScopes(HTTP)).toEqual(botScopes(SOCKET));
    expect(values(HTTP, 'should_escape')).toEqual(['true']);
  });

  describe('the options the pickers load over HTTP (real Bolt HTTPReceiver)', () => {
    let h: BotHarness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.close();
    });

    it('answers a signed block_suggestion at the path of message_menu_options_url', async () => {
      await h.bot.services.store.create(
        {
          id: 'opt-1',
          version: 1,
          state: 'created',
          requesterId: 'U0LENA',
          subjectSlackId: 'U0LENA',
          identifier: 'lena@northwind.example',
          subjectName: 'Lena',
          audience: 'employee',
          request: { user: 'lena@northwind.example' },
          primaryCause: 'not-assigned-to-account',
          headline: 'x',
          approval: {
            cause: 'not-assigned-to-account',
            fix: {
              fix: 'grant-account-access',
              instanceArn: 'arn:aws:sso:::instance/ssoins-1',
              principalType: 'USER',
              principalId: 'u',
            },
            picks: {},
            requestedAt: '2026-01-01T00:00:00Z',
            expiresAt: '2026-01-02T00:00:00Z',
            choices: {
              permissionSets: [],
              accounts: [
                { value: '111111111111', label: 'prod-us (111111111111)' },
                { value: '222222222222', label: 'sandbox (222222222222)' },
              ],
            },
          },
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
        },
        { actor: 'test', action: 'created' },
      );
      const path = new URL(values(HTTP, 'message_menu_options_url')[0]!.replace('<your host>', 'x')).pathname;
      const body = new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_suggestion',
          action_id: 'approval_pick_account',
          block_id: 'approval_picks',
          value: 'sand',
          user: { id: 'U0IRENE' },
          team: { id: 'T0SANDBOX' },
          container: { type: 'message' },
          message: {
            blocks: [
              {
                type: 'actions',
                block_id: 'approval_actions',
                elements: [{ type: 'button', action_id: 'approval_approve', value: 'opt-1' }],
              },
            ],
          },
        }),
      }).toString();
      const res = await fetch(new URL(path, h.url), { method: 'POST', headers: signedHeaders(body), body });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        options: [
          {
            text: { type: 'plain_text', text: 'sandbox (222222222222)', emoji: true },
            value: '222222222222',
          },
        ],
      });
    });
  });
});
