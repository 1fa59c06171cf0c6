import type { DoctorCheck } from '../types';
import { adminChannel } from './admin-channel';
import { approvers } from './approvers';
import { iamFixActions } from './iam-fix-actions';
import { iamReadActions } from './iam-read-actions';
import { identityCenter } from './identity-center';
import { notifyChannel } from './notify-channel';
import { signinEvidence } from './signin-evidence';
import { slackToken } from './slack-token';
import { ticketsTable } from './tickets-table';

/** Every doctor check, in the order they are shown: Slack first, then AWS. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  slackToken,
  adminChannel,
  notifyChannel,
  approvers,
  identityCenter,
  iamReadActions,
  iamFixActions,
  ticketsTable,
  signinEvidence,
];
