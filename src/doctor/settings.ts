import type { AppConfig } from '../config/env';
import type { DoctorSettings } from './types';

/** The doctor's view of the configuration: what it checks, and nothing secret. */
export function doctorSettingsFrom(
  config: AppConfig,
  runtime: { region: string; sandbox: boolean; fallbackApprovers?: readonly string[] },
): DoctorSettings {
  return {
    region: runtime.region,
    sandbox: runtime.sandbox,
    ...(runtime.fallbackApprovers?.length ? { fallbackApprovers: runtime.fallbackApprovers } : {}),
    ...(config.ADMIN_CHANNEL_ID ? { adminChannelId: config.ADMIN_CHANNEL_ID } : {}),
    ...(config.NOTIFY_CHANNEL_ID ? { notifyChannelId: config.NOTIFY_CHANNEL_ID } : {}),
    ...(config.APPROVERS ? { approverIds: config.APPROVERS } : {}),
    ...(config.APPROVER_GROUP_ID ? { approverGroupId: config.APPROVER_GROUP_ID } : {}),
    ...(config.IDENTITY_CENTER_INSTANCE_ARN ? { instanceArn: config.IDENTITY_CENTER_INSTANCE_ARN } : {}),
    ...(config.TICKETS_TABLE ? { ticketsTable: config.TICKETS_TABLE } : {}),
    ...(config.FIX_ROLE_ARN ? { fixRoleArn: config.FIX_ROLE_ARN } : {}),
    ...(config.CLOUDTRAIL_ROLE_ARN ? { cloudTrailRoleArn: config.CLOUDTRAIL_ROLE_ARN } : {}),
    dataDir: config.DATA_DIR,
  };
}
