import { runDemo } from '../../src/cli/demo';
import { main } from '../../src/cli/main';
import { captureIo } from './capture-io';

describe('npm run demo (access summary of the sample organisation)', () => {
  it('reads the sample organisation back through the SDK and prints who has access to what', async () => {
    const io = captureIo();
    expect(await runDemo(io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(
      'Identity Center instance arn:aws:sso:::instance/ssoins-6804a1c2e7b93f15, 20 people',
    );
    // Access only through a group is shown, with the group named.
    expect(text).toMatch(
      /Priya Raman <priya\.raman@northwind\.example>\n\s+sandbox \(649120387544\): PowerUser, through Developers/,
    );
    expect(text).toMatch(/Lena Fischer <lena\.fischer@northwind\.example>\n\s+no AWS account/);
    expect(text).toContain('Olivia Marsh <olivia.marsh@northwind.example> [disabled]');
    expect(text).toMatch(/\d+ AWS calls \(.*sso \d+.*\), 0 throttled\./);
  });

  it('is reachable as `cant-login demo`', async () => {
    const io = captureIo();
    expect(await main(['demo'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^cant-login demo: Northwind Robotics/);
  });

  it('exits 2 with one line for an unknown command', async () => {
    const io = captureIo();
    expect(await main(['diagnoze'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown command 'diagnoze'");
  });
});
