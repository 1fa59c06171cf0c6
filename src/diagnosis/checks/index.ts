import type { Check } from '../check';
import { accountNotActiveCheck } from './account-not-active';
import { adPrimaryGroupCheck } from './ad-primary-group';
import { applicationNotAssignedCheck } from './application-not-assigned';
import { externalIdpLoginFailedCheck } from './external-idp-login-failed';
import { instanceNotFoundCheck } from './instance-not-found';
import { managementAccountRestrictedCheck } from './management-account-restricted';
import { mfaCodeFailuresCheck } from './mfa-code-failures';
import { mfaRegistrationRequiredCheck } from './mfa-registration-required';
import { noAssignmentsCheck } from './no-assignments';
import { notAssignedToAccountCheck } from './not-assigned-to-account';
import { passwordFailuresCheck } from './password-failures';
import { permissionSetDenyOnlyCheck } from './permission-set-deny-only';
import { permissionSetEmptyCheck } from './permission-set-empty';
import { permissionSetNotProvisionedCheck } from './permission-set-not-provisioned';
import { permissionSetOutdatedCheck } from './permission-set-outdated';
import { principalRecreatedCheck } from './principal-recreated';
import { provisioningFailedCheck } from './provisioning-failed';
import { provisioningInProgressCheck } from './provisioning-in-progress';
import { reportedSymptomCheck } from './reported-symptom';
import { scimSyncErrorsCheck } from './scim-sync-errors';
import { signinWorksCheck } from './signin-works';
import { userAttributesIncompleteCheck } from './user-attributes-incomplete';
import { userDisabledCheck } from './user-disabled';
import { userNotFoundCheck } from './user-not-found';
import { usernameMismatchCheck } from './username-mismatch';
import { usernameNotEmailCheck } from './username-not-email';

/** Every check, in catalogue order (the order the report lists them). */
export const ALL_CHECKS: readonly Check[] = [
  instanceNotFoundCheck,
  userNotFoundCheck,
  userDisabledCheck,
  usernameMismatchCheck,
  usernameNotEmailCheck,
  userAttributesIncompleteCheck,
  scimSyncErrorsCheck,
  principalRecreatedCheck,
  adPrimaryGroupCheck,
  noAssignmentsCheck,
  notAssignedToAccountCheck,
  permissionSetNotProvisionedCheck,
  permissionSetOutdatedCheck,
  provisioningInProgressCheck,
  provisioningFailedCheck,
  accountNotActiveCheck,
  permissionSetEmptyCheck,
  permissionSetDenyOnlyCheck,
  applicationNotAssignedCheck,
  managementAccountRestrictedCheck,
  passwordFailuresCheck,
  mfaCodeFailuresCheck,
  mfaRegistrationRequiredCheck,
  externalIdpLoginFailedCheck,
  signinWorksCheck,
  reportedSymptomCheck,
];
