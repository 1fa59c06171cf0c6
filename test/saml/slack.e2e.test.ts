import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/log/logger';
import { type RunningBot, startBot } from '../../src/runtime/start';
import { SlackDriver, signedHeaders } from '../../src/sandbox/fake-slack/driver';
import { FakeSlack, type FakeUploadedFile } from '../../src/sandbox/fake-slack/server';
import type { Snapshot } from '../../src/sandbox/snapshot/schema';
import { base64, defaultSpec, responseXml, SAMPLE } from './builder';

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

/** What Slack posts when the approver presses Analyse in the modal: the text box's value (a string),
 * and the file input's files (a file object the fake Slack handed out, or several). */
async function submit(
  user: string,
  pasted: string | null,
  files: FakeUploadedFile[] = [],
): Promise<Response> {
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
          values: {
            saml_response: { saml_response_text: { type: 'plain_text_input', value: pasted } },
            saml_file: { saml_response_file: { type: 'file_input', files } },
          },
        },
      },
    }),
  }).toString();
  return fetch(url, { method: 'POST', headers: signedHeaders(body, SECRET), body });
}

/** Uploads `content` to the fake Slack as Irene would through the modal's file input. */
function upload(name: string, content: string, extra: { size?: number } = {}): FakeUploadedFile {
  return slack.uploadFile({ name, content, user: IRENE, ...extra });
}

/** A HAR export of a sign-in: an IdP page, then the form post of the response to the ACS URL. */
function harOf(b64: string): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      entries: [
        { request: { method: 'GET', url: 'https://northwind.okta.example/app/aws/sso/saml' } },
        {
          request: {
            method: 'POST',
            url: SAMPLE.acsUrl,
            postData: {
              mimeType: 'application/x-www-form-urlencoded',
              text: `SAMLResponse=${encodeURIComponent(b64)}&RelayState=x`,
            },
          },
        },
      ],
    },
  });
}

async function modalErrors(res: Response): Promise<Record<string, string>> {
  const json = (await res.json()) as { response_action: string; errors: Record<string, string> };
  expect(json.response_action).toBe('errors');
  return json.errors;
}

/** Waits for the listener's last log line (written just after Slack answers the DM post). */
async function analysisLogged(): Promise<void> {
  while (!logLines.some((l) => l.includes('SAML analysis sent'))) await new Promise((r) => setTimeout(r, 5));
}

/** Every ticket and audit entry the store holds, as text. */
async function storedText(): Promise<{ text: string; tickets: unknown[] }> {
  const store = bot.services.store;
  const tickets = [
    ...(await store.forSubject(IRENE, 100)),
    ...(await store.open(100)),
    ...(await store.closedSince('2000-01-01T00:00:00Z')),
  ];
  const audit = await store.auditSince('2000-01-01T00:00:00Z');
  return { text: JSON.stringify({ tickets, audit }), tickets };
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
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.element)).toMatchObject([
      { type: 'plain_text_input', multiline: true },
      { type: 'file_input', max_files: 1 },
    ]);

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

describe('/cant-login saml in Slack: an uploaded file', () => {
  it('analyses a signed response too long to paste, uploaded as a file and fetched with the bot token', async () => {
    expect(DANA_B64.length).toBeGreaterThan(3000);
    const file = upload('dana-response.b64', `${DANA_B64}\n`);
    const res = await submit(IRENE, null, [file]);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const posted = await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    expect(posted.args.text).toBe('1 problem found (1 blocking).');
    expect(JSON.stringify(posted.args.blocks)).toContain('*saml-username-mismatch* (blocking)');
    expect(slack.calls('files.download').map((c) => c.args)).toEqual([{ id: file.id, authorized: true }]);
    expect(slack.calls('chat.postMessage').map((c) => c.args.channel)).toEqual(['D0IRENE']);
    // The fake serves the file only to the bot token, as Slack does.
    const anonymous = await fetch(file.url_private);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await anonymous.text()).not.toContain(DANA_B64.slice(0, 40));
  });

  it('finds the response in an uploaded HAR file of the sign-in', async () => {
    const res = await submit(IRENE, '', [upload('signin.har', harOf(DANA_B64))]);
    expect(await res.text()).toBe('');
    const posted = await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    expect(JSON.stringify(posted.args.blocks)).toContain('*saml-username-mismatch* (blocking)');
  });

  it('answers in the modal when neither or both are given, and fetches nothing', async () => {
    expect(await modalErrors(await submit(IRENE, '  '))).toEqual({
      saml_response: 'Paste the response here, or upload a file with it (or a HAR) below.',
    });
    expect(await modalErrors(await submit(IRENE, DANA_B64, [upload('r.b64', DANA_B64)]))).toEqual({
      saml_file: 'Give me the pasted response or the file, not both: clear one of them.',
    });
    expect(slack.calls('files.download')).toEqual([]);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('refuses a file over 5 MB in the modal: by its size, and by what Slack sends when the size is wrong', async () => {
    const big = upload('big.har', 'x', { size: 6 * 1024 * 1024 });
    expect((await modalErrors(await submit(IRENE, null, [big]))).saml_file).toMatch(
      /^That file is larger than 5 MB\./,
    );
    expect(slack.calls('files.download')).toEqual([]);
    const lying = upload('lying.har', 'y'.repeat(5 * 1024 * 1024 + 1), { size: 100 });
    expect((await modalErrors(await submit(IRENE, null, [lying]))).saml_file).toMatch(
      /^That file is larger than 5 MB\./,
    );
    expect(slack.calls('files.download')).toHaveLength(1);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('answers in the modal when the file is gone, or holds no SAML response', async () => {
    const gone = { ...upload('gone.b64', DANA_B64) };
    gone.url_private = gone.url_private.replace(/F\d+/, 'F99999999');
    gone.url_private_download = gone.url_private_download.replace(/F\d+/, 'F99999999');
    expect(await modalErrors(await submit(IRENE, null, [gone]))).toEqual({
      saml_file: 'Slack would not give me that file (HTTP 404). Upload it again.',
    });
    const notes = upload('notes.txt', 'I cannot sign in, please help');
    expect((await modalErrors(await submit(IRENE, null, [notes]))).saml_file).toMatch(
      /^That is not a SAML response: /,
    );
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('never sends the bot token to a file address outside Slack', async () => {
    const file = upload('r.b64', DANA_B64);
    const elsewhere = { ...file, url_private: 'https://files.evil.example/r.b64', url_private_download: '' };
    expect(await modalErrors(await submit(IRENE, null, [elsewhere]))).toEqual({
      saml_file: 'That file is not stored by Slack, so I did not fetch it.',
    });
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('refuses a file from someone who is not an approver, without fetching it', async () => {
    const res = await submit(DANA, null, [upload('r.b64', DANA_B64)]);
    expect(await modalErrors(res)).toEqual({
      saml_response: 'Only Identity Center approvers can analyse SAML responses.',
    });
    expect(slack.calls('files.download')).toEqual([]);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('never writes an uploaded response to the logs or the ticket store', async () => {
    const uploaded = base64(
      responseXml(defaultSpec({ assertionId: '_assert-file-probe', nameId: 'file.probe@northwind.example' })),
    );
    logLines.length = 0;
    await submit(IRENE, null, [upload('probe.har', harOf(uploaded))]);
    await slack.waitFor('chat.postMessage', (c) => c.args.channel === 'D0IRENE');
    await analysisLogged();
    const logs = logLines.join('');
    expect(logs).toContain('"input":"file"');
    for (let i = 0; i + 40 <= uploaded.length; i += 200)
      expect(logs).not.toContain(uploaded.slice(i, i + 40));
    expect(logs).not.toContain('_assert-file-probe');
    expect(logs).not.toContain('samlp:Response');
    await bot.queue.drain();
    const stored = await storedText();
    expect(stored.tickets).toEqual([]);
    expect(stored.text).not.toContain('_assert-file-probe');
    expect(stored.text).not.toContain(uploaded.slice(0, 40));
  });
});
