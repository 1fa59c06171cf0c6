/** Every Slack identifier the app uses, in one place and in step with manifest.yml. */

export const COMMAND = '/cant-login';

/** `action_id`s of interactive elements. A button's `value` carries at most a ticket or report id. */
export const ACTIONS = {
  checkAgain: 'report_check_again',
  itWorksNow: 'report_it_works_now',
  getHuman: 'report_get_human',
  pickSymptom: 'report_pick_symptom',
  homeRefresh: 'home_refresh',
  approve: 'approval_approve',
  reject: 'approval_reject',
  pickPermissionSet: 'approval_pick_permission_set',
  pickAccount: 'approval_pick_account',
  driftApprove: 'drift_approve',
  driftReject: 'drift_reject',
  driftRetry: 'drift_retry',
} as const;

/** `callback_id`s of modals. */
export const VIEWS = {
  rejectReason: 'approval_reject_reason',
  samlPaste: 'saml_paste',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** `block_id`s the listeners read back. */
export const BLOCKS = {
  reportActions: 'report_actions',
  symptomMenu: 'report_symptom_menu',
  approvalActions: 'approval_actions',
  approvalPicks: 'approval_picks',
  rejectReason: 'reject_reason',
  samlResponse: 'saml_response',
  samlFile: 'saml_file',
  driftActions: 'drift_actions',
} as const;

/** The `action_id` of the modal's text input for the pasted SAML response. */
export const SAML_INPUT_ACTION = 'saml_response_text';

/** The `action_id` of the modal's file input (a file with the response, or a HAR). */
export const SAML_FILE_ACTION = 'saml_response_file';
