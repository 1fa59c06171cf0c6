import { parseCommandText, unescapeSlack } from '../../src/slack/command-text';

describe('parseCommandText', () => {
  it.each([
    ['help', 'help'],
    ['?', 'help'],
    ['-h', 'help'],
    ['--help', 'help'],
    ['  Help ', 'help'],
    ['doctor', 'doctor'],
  ])('reads %j as the %s subcommand, with nothing to diagnose', (text, subcommand) => {
    expect(parseCommandText(text)).toEqual({ subcommand, rest: '' });
  });

  it('does not read a word inside a sentence as a subcommand', () => {
    expect(parseCommandText('help me, access denied').subcommand).toBeUndefined();
    expect(parseCommandText('<@U0SOFIA|sofia> help')).toMatchObject({
      targetUserId: 'U0SOFIA',
      account: 'help',
    });
  });

  it.each([
    ['Prod US', 'Prod US'],
    ['prod-us', 'prod-us'],
    ['Data Lake (EU)', 'Data Lake (EU)'],
    ['902716384451', '902716384451'],
  ])('reads %j as an account name, spaces included', (text, account) => {
    expect(parseCommandText(text)).toEqual({ account, rest: account });
  });

  it.each([
    'It says my session has expired, please help!',
    'why can I not get in to the console at all',
    '"Prod US"',
  ])('reads %j as error text', (text) => {
    expect(parseCommandText(text).account).toBeUndefined();
    expect(parseCommandText(text).symptom).toBe(text);
  });

  it("undoes Slack's three escapes once, on the way in", () => {
    expect(parseCommandText('<@U0SOFIA|sofia> Tom &amp; Jerry &lt;3').rest).toBe('Tom & Jerry <3');
    expect(unescapeSlack('&amp;lt;')).toBe('&lt;');
  });
});
