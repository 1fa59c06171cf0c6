import { main } from '../../src/cli/main';
import { captureIo } from './capture-io';

describe('npm run demo', () => {
  it('runs every sample employee through Slack and prints what they typed and what the bot answered', async () => {
    const io = captureIo();
    expect(await main(['demo'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^cant-login demo: Northwind Robotics/);
    expect(text).toContain('── Sofia Brennan types: /cant-login prod-us');
    expect(text).toMatch(
      /Sofia Brennan types[\s\S]*BillingViewer[\s\S]*primary cause: permission-set-not-provisioned \(as intended\)/,
    );
    expect(text).toContain(
      '── Lena Fischer types: /cant-login Your request could not be completed. Please try again later.',
    );
    expect(text).toMatch(/\(admin wording\)[\s\S]*arn:aws:sso:::permissionSet\//);
    expect(text).toMatch(/21 of 21 answers as intended\. \d+ AWS calls through the emulator, 0 throttled/);
    // The approval loop: card, refusal of the person who asked, approval, fix, verification, notification.
    expect(text).toMatch(
      /Approval card for Lena Fischer[\s\S]*picks the permission set ReadOnly[\s\S]*ticket is now resolved[\s\S]*sso:CreateAccountAssignment[\s\S]*#notify: .*@U0LENA can get into AWS again/,
    );
    // An approver looking into Sofia, who already asked, attaches to her ticket: one ticket, one card.
    expect(text).toMatch(
      /Irene Kowalczyk \(an approver\) types: \/cant-login <@U0SOFIA> prod-us[\s\S]*Sofia Brennan already asked[\s\S]*attached to their open request/,
    );
    expect(text).toMatch(/clicks Approve on their own fix → privately: Only configured approvers/);
    expect(text).toMatch(
      /Approval card for Elena Rossi[\s\S]*sso:DeleteAccountAssignment[\s\S]*repoint-assignments/,
    );
  }, 120_000);
});

describe('cant-login sandbox summary', () => {
  it('reads a snapshot back through the SDK and prints who has access to what', async () => {
    const io = captureIo();
    expect(await main(['sandbox', 'summary', 'samples/sample-org.json'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(
      'Identity Center instance arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15, 20 people',
    );
    expect(text).toMatch(
      /Priya Raman <priya\.raman@northwind\.example>\n\s+sandbox \(649120387544\): PowerUser, through Developers/,
    );
    expect(text).toMatch(/Lena Fischer <lena\.fischer@northwind\.example>\n\s+no AWS account/);
    expect(text).toContain('Olivia Marsh <olivia.marsh@northwind.example> [disabled]');
  });

  it('exits 2 with one line for an unknown command', async () => {
    const io = captureIo();
    expect(await main(['diagnoze'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown command 'diagnoze'");
  });
});
