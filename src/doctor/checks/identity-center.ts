import { classifyAwsError, errorName } from '../../aws';
import { resolveInstance } from '../../inventory/resolve-instance';
import type { DoctorCheck, DoctorOutcome } from '../types';

/** Can the bot find the Identity Center instance in the region it reads? */
export const identityCenter: DoctorCheck = {
  id: 'identity-center',
  title: 'Does the configured region hold the Identity Center instance?',
  cheap: true,
  async run({ aws, settings }): Promise<DoctorOutcome> {
    const region = settings.region;
    try {
      const found = await resolveInstance(aws, region, settings.instanceArn);
      switch (found.kind) {
        case 'found':
          return {
            status: 'ok',
            summary: `Instance ${found.instance.InstanceArn} (identity store ${found.instance.IdentityStoreId}) in ${region}.`,
          };
        case 'none':
          return {
            status: 'fail',
            summary: `No Identity Center instance in ${region}, as these credentials see it.`,
            fix: "Set AWS_REGION to the instance's home region (IAM Identity Center > Settings > Details), with credentials of the management account or the delegated administrator.",
          };
        case 'ambiguous':
          return {
            status: 'fail',
            summary: `${found.instanceArns.length} instances in ${region}; the bot does not guess which one.`,
            fix: 'Set IDENTITY_CENTER_INSTANCE_ARN to one of them.',
            details: found.instanceArns,
          };
        case 'configured-missing':
          return {
            status: 'fail',
            summary: `IDENTITY_CENTER_INSTANCE_ARN is ${found.configuredArn}, which is not among the instances in ${region}.`,
            fix: found.instanceArns.length
              ? `Use one of: ${found.instanceArns.join(', ')}, or the region where the configured instance lives.`
              : "Set AWS_REGION to the instance's home region.",
          };
      }
    } catch (error) {
      const code = classifyAwsError(error);
      return {
        status: 'fail',
        summary: `sso:ListInstances in ${region} failed: ${errorName(error) ?? 'unknown error'} (${code}).`,
        fix:
          code === 'access-denied'
            ? "Grant sso:ListInstances to the bot's role (infra/ grants it), or set IDENTITY_CENTER_INSTANCE_ARN."
            : 'Check the AWS credentials (aws sts get-caller-identity) and the region, then run the doctor again.',
      };
    }
  },
};
