import { provisioningStateCheck } from './provisioning-state';

/** permission-set-outdated: the latest version of each of the person's permission sets is what their accounts run. */
export const permissionSetOutdatedCheck = provisioningStateCheck({
  id: 'permission-set-outdated',
  title: "Does each of the person's accounts run the latest version of their permission set?",
  flags: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
});
