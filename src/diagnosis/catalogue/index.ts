import { meta as accountNotActive } from './account-not-active/meta';
import { meta as adPrimaryGroup } from './ad-primary-group/meta';
import { meta as applicationNotAssigned } from './application-not-assigned/meta';
import { meta as botPermissionMissing } from './bot-permission-missing/meta';
import { meta as externalIdpLoginFailed } from './external-idp-login-failed/meta';
import { meta as instanceNotFound } from './instance-not-found/meta';
import { loadCatalogue } from './load';
import { meta as managementAccountRestricted } from './management-account-restricted/meta';
import { meta as mfaCodeFailures } from './mfa-code-failures/meta';
import { meta as mfaRegistrationRequired } from './mfa-registration-required/meta';
import { meta as noAssignments } from './no-assignments/meta';
import { meta as notAssignedToAccount } from './not-assigned-to-account/meta';
import { meta as passwordFailures } from './password-failures/meta';
import { meta as permissionSetDenyOnly } from './permission-set-deny-only/meta';
import { meta as permissionSetEmpty } from './permission-set-empty/meta';
import { meta as permissionSetNotProvisioned } from './permission-set-not-provisioned/meta';
import { meta as permissionSetOutdated } from './permission-set-outdated/meta';
import { meta as principalRecreated } from './principal-recreated/meta';
import { meta as provisioningFailed } from './provisioning-failed/meta';
import { meta as provisioningInProgress } from './provisioning-in-progress/meta';
import { meta as scimSyncErrors } from './scim-sync-errors/meta';
import { meta as signinWorks } from './signin-works/meta';
import { meta as symptomAbacEnableFailed } from './symptom-abac-enable-failed/meta';
import { meta as symptomAccessDeniedInAccount } from './symptom-access-denied-in-account/meta';
import { meta as symptomBrowserNotSupported } from './symptom-browser-not-supported/meta';
import { meta as symptomCloudApp } from './symptom-cloud-app/meta';
import { meta as symptomDelegatedAdmin } from './symptom-delegated-admin/meta';
import { meta as symptomInvalidMfaCredentials } from './symptom-invalid-mfa-credentials/meta';
import { meta as symptomMfaNotVerified } from './symptom-mfa-not-verified/meta';
import { meta as symptomNoAccounts } from './symptom-no-accounts/meta';
import { meta as symptomNoEmails } from './symptom-no-emails/meta';
import { meta as symptomNotYouItsUs } from './symptom-not-you-its-us/meta';
import { meta as symptomPasswordResetFailed } from './symptom-password-reset-failed/meta';
import { meta as symptomProtectedRole } from './symptom-protected-role/meta';
import { meta as symptomRedirectLoop } from './symptom-redirect-loop/meta';
import { meta as symptomRequestNotCompleted } from './symptom-request-not-completed/meta';
import { meta as symptomUnexpectedError } from './symptom-unexpected-error/meta';
import { meta as symptomUpnSignIn } from './symptom-upn-sign-in/meta';
import { meta as userAttributesIncomplete } from './user-attributes-incomplete/meta';
import { meta as userDisabled } from './user-disabled/meta';
import { meta as userNotFound } from './user-not-found/meta';
import { meta as usernameMismatch } from './username-mismatch/meta';
import { meta as usernameNotEmail } from './username-not-email/meta';

/** Every cause's metadata, keyed by its folder name, imported statically so a bundle (esbuild, for the
 * Lambda code) carries it without reading directories at run time. Validated on load. */
export const CATALOGUE = loadCatalogue({
  'instance-not-found': instanceNotFound,
  'bot-permission-missing': botPermissionMissing,
  'user-not-found': userNotFound,
  'user-disabled': userDisabled,
  'username-mismatch': usernameMismatch,
  'username-not-email': usernameNotEmail,
  'user-attributes-incomplete': userAttributesIncomplete,
  'scim-sync-errors': scimSyncErrors,
  'principal-recreated': principalRecreated,
  'ad-primary-group': adPrimaryGroup,
  'no-assignments': noAssignments,
  'not-assigned-to-account': notAssignedToAccount,
  'permission-set-not-provisioned': permissionSetNotProvisioned,
  'permission-set-outdated': permissionSetOutdated,
  'provisioning-in-progress': provisioningInProgress,
  'provisioning-failed': provisioningFailed,
  'account-not-active': accountNotActive,
  'permission-set-empty': permissionSetEmpty,
  'permission-set-deny-only': permissionSetDenyOnly,
  'application-not-assigned': applicationNotAssigned,
  'management-account-restricted': managementAccountRestricted,
  'password-failures': passwordFailures,
  'mfa-code-failures': mfaCodeFailures,
  'mfa-registration-required': mfaRegistrationRequired,
  'external-idp-login-failed': externalIdpLoginFailed,
  'signin-works': signinWorks,
  'symptom-request-not-completed': symptomRequestNotCompleted,
  'symptom-no-accounts': symptomNoAccounts,
  'symptom-redirect-loop': symptomRedirectLoop,
  'symptom-mfa-not-verified': symptomMfaNotVerified,
  'symptom-invalid-mfa-credentials': symptomInvalidMfaCredentials,
  'symptom-unexpected-error': symptomUnexpectedError,
  'symptom-not-you-its-us': symptomNotYouItsUs,
  'symptom-browser-not-supported': symptomBrowserNotSupported,
  'symptom-upn-sign-in': symptomUpnSignIn,
  'symptom-password-reset-failed': symptomPasswordResetFailed,
  'symptom-no-emails': symptomNoEmails,
  'symptom-access-denied-in-account': symptomAccessDeniedInAccount,
  'symptom-protected-role': symptomProtectedRole,
  'symptom-delegated-admin': symptomDelegatedAdmin,
  'symptom-abac-enable-failed': symptomAbacEnableFailed,
  'symptom-cloud-app': symptomCloudApp,
});
