import type { DoctorReport } from '../../../src/doctor/run';
import { buildDoctorView } from '../../../src/slack/views/doctor';
import { buildHelpView } from '../../../src/slack/views/help';
import { expectNoInjection, expectWithinLimits, INJECTION } from './fixtures';

describe('help and doctor views', () => {
  it('shows employees their forms and approvers theirs too', () => {
    const employee = JSON.stringify(buildHelpView({ isApprover: false }));
    const approver = JSON.stringify(buildHelpView({ isApprover: true }));
    expect(employee).toContain('/cant-login help');
    expect(employee).not.toContain('/cant-login doctor');
    for (const form of ['/cant-login @someone', '/cant-login doctor', '/cant-login saml'])
      expect(approver).toContain(form);
  });

  it('escapes what a check quotes (settings, AWS names) and keeps within limits', () => {
    const report: DoctorReport = {
      status: 'fail',
      results: Array.from({ length: 60 }, (_, i) => ({
        id: `c${i}`,
        title: `Check ${i}?`,
        status: i === 0 ? 'fail' : 'ok',
        summary: `summary ${INJECTION} ${'x'.repeat(5000)}`,
        fix: `fix ${INJECTION}`,
        details: [INJECTION],
      })),
    };
    const view = buildDoctorView(report);
    expectNoInjection(view);
    expectWithinLimits(view, 50);
    expect(view.text).toBe('cant-login doctor: Something I depend on is broken; the fixes are below.');
  });
});
