import { provisioningStateCheck } from './provisioning-state';

/** permission-set-not-provisioned: every permission set the person is assigned is provisioned to that account. */
export const permissionSetNotProvisionedCheck = provisioningStateCheck({
  id: 'permission-set-not-provisioned',
  title: "Is each of the person's permission sets provisioned to its account?",
  flags: undefined,
});
