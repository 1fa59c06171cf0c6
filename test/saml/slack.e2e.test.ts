import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/log/logger';
import { type RunningBot, startBot } from '../../src/runtime/start';
import { SlackDriver, signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack } from '../../src/sandbox/fake-slack/server';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { base64, defaultSpec, responseXml } from './builder';

// The harness in test/slack runs with a silent logger; this one keeps every log line (at trace level)
// so the test can prove the pasted response never reaches the logs.
const ROOT = resolve(__dirname, '../..');
const SAMPLE_ORG = resolve(ROOT, 'samples/sample-org.json');
const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';
const IRENE = 'U0IRENE'; // an approver in the sample
const DANA = 'U0DANA'; // not an approver
const DANA_B64 = readFileSync(resolve(ROOT, 'samples/saml/dana-response.b64'), 'utf8').trim();

let bot: RunningBot;
let slack: FakeSlack;
let driver: SlackDriver;
let url: string;
const logLines: string[] = [];

beforeAll(async () => {
  const snapshot = JSON.parse(readFileSync(SAMPLE_ORG, 'utf8')) as Snapshot;
  slack = new FakeSlack({
    users: snapshot.slack?.users ?? [],
    admins: snapshot.slack?.admins ?? [],
    token: TOKEN,
  });
  await slack.listen();
  const config = loadConfig({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    SANDBOX_SNAPSHOT: SAMPLE_ORG,
    PORT: '0',
    ADMIN_CHANNEL_ID: 'C0ADMINS',
    DATA_DIR: ':memory:',
  });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  bot = await startBot(config, createLogger({ level: 'trace' }, sink), {
    host: '127.0.0.1',
    slackRetries: 0,
  });
  url = `http://127.0.0.1:${bot.port}/slack/events`;
  driver = new SlackDriver({
    eventsUrl: url,
    signingSecret: SECRET,
    responseUrl: (id) => slack.responseUrl(id),
  });
});

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
});

beforeEach(() => slack.reset());

/** What Slack posts when the approver presses Analyse in the modal. */
async function submit(user: string, pasted: string): Promise<Response> {
  const body = new URLSearchParams({
    payload: JSON.stringify({
      type: 'view_submission',
      team: { id: 'T0SANDBOX' },
      user: { id: user },
      api_app_id: 'A0CANTLOGIN',
      trigger_id: 'trigger-view',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'saml_paste',
        private_metadata: '',
        state: {
          values: { saml_response: { saml_response_text: { type: 'plain_text_input', value: pasted } } },
        },
      },
    }),
  }).toString();
  return fetch(url, { method: 'POST', headers: signedHeaders(body, SECRET), body });
}

describe('/cant-login saml in Slack', () => {
  it('opens the paste modal for an approver, and sends the analysis to their DM only', async () => {
    expect((await driver.command(IRENE, 'saml')).status).toBe(200);
    const modal = await slack.waitFor('views.open');
    const view = modal.args.view as {
      callback_id: string;
      blocks: Array<{ type: string; element?: { type: string; multiline?: boolean } }>;
    };
    expect(view.callback_id).toBe('saml_paste');
    expect(view.blocks.find((b) => b.type === 'input')?.element).toMatchObject({
      type: 'plain_text_input',
      multiline: true,
    });

    const res = await submit(IRENE, DANA_B64);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const posted = await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    const blocks = JSON.stringify(posted.args.blocks);
    expect(posted.args.text).toBe('1 problem found (1 blocking).');
    expect(blocks).toContain('*saml-username-mismatch* (blocking)');
    expect(blocks).toContain('Dana.Whitfield@northwind.example');
    expect(blocks).toContain('not logged or stored');
    // Only Irene was written to.
    expect(slack.calls('chat.postMessage').map((c) => c.args.channel)).toEqual(['D0IRENE']);
    expect(slack.calls('chat.postEphemeral')).toEqual([]);
  });

  it('refuses someone who is not an approver, privately, and opens no modal', async () => {
    await driver.command(DANA, 'saml');
    const refusal = await slack.waitFor('response_url');
    expect(String(refusal.args.text)).toBe('Only Identity Center approvers can analyse SAML responses.');
    expect(refusal.args.response_type).toBe('ephemeral');
    expect(slack.calls('views.open')).toEqual([]);
    // A forged submission from a non-approver is refused in the modal too.
    const res = await submit(DANA, DANA_B64);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { saml_response: 'Only Identity Center approvers can analyse SAML responses.' },
    });
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('answers in the modal when the paste is not a SAML response', async () => {
    const res = await submit(IRENE, 'I cannot sign in, please help');
    const json = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe('errors');
    expect(json.errors.saml_response).toMatch(/^That is not a SAML response: /);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('never writes the pasted response to the logs or the ticket store', async () => {
    // A response of its own, so nothing else in the logs could contain it by chance.
    const pasted = base64(
      responseXml(
        defaultSpec({ assertionId: '_assert-log-probe', nameId: 'probe.person@northwind.example' }),
      ),
    );
    logLines.length = 0;
    await submit(IRENE, pasted);
    await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    // The listener logs its last line just after Slack answers the post.
    while (!logLines.some((l) => l.includes('SAML analysis sent')))
      await new Promise((r) => setTimeout(r, 5));
    const logs = logLines.join('');
    for (let i = 0; i + 40 <= pasted.length; i += 200) expect(logs).not.toContain(pasted.slice(i, i + 40));
    expect(logs).not.toContain('_assert-log-probe');
    expect(logs).not.toContain('samlp:Response');

    const store = bot.services.store;
    const tickets = [
      ...(await store.forSubject(IRENE, 100)),
      ...(await store.open(100)),
      ...(await store.closedSince('2000-01-01T00:00:00Z')),
    ];
    const audit = await store.auditSince('2000-01-01T00:00:00Z');
    const stored = JSON.stringify({ tickets, audit });
    expect(stored).not.toContain('_assert-log-probe');
    expect(stored).not.toContain(pasted.slice(0, 40));
    expect(tickets).toEqual([]);
  });

  it('analyses a response pasted right after the command, and never diagnoses that text', async () => {
    logLines.length = 0;
    await driver.command(IRENE, `saml ${DANA_B64}`);
    const ack = await slack.waitFor('response_url');
    expect(String(ack.args.text)).toMatch(/^Analysing it now/);
    const posted = await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    expect(JSON.stringify(posted.args.blocks)).toContain('*saml-username-mismatch* (blocking)');
    while (!logLines.some((l) => l.includes('SAML analysis sent')))
      await new Promise((r) => setTimeout(r, 5));
    expect(logLines.join('')).not.toContain(DANA_B64.slice(100, 160));
    await bot.queue.drain();
    expect(await bot.services.store.forSubject(IRENE, 10)).toEqual([]);
    // Text that is not a response is refused privately, with the way to the modal.
    slack.reset();
    await driver.command(IRENE, 'saml my colleague cannot sign in');
    const refused = await slack.waitFor('response_url');
    expect(String(refused.args.text)).toMatch(/^That is not a SAML response: /);
    await bot.queue.drain();
    expect(slack.calls('chat.postMessage')).toEqual([]);
    expect(await bot.services.store.forSubject(IRENE, 10)).toEqual([]);
  });
});
