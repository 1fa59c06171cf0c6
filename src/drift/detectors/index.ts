import type { DriftDetector } from '../types';
import { accountNotActive } from './account-not-active';
import { permissionSetEmpty } from './permission-set-empty';
import { permissionSetNotProvisioned } from './permission-set-not-provisioned';
import { permissionSetOutdated } from './permission-set-outdated';
import { principalRecreated } from './principal-recreated';
import { provisioningFailed } from './provisioning-failed';

/** Every drift detector, in the order drifts are listed. */
export const DETECTORS: readonly DriftDetector[] = [
  principalRecreated,
  permissionSetNotProvisioned,
  provisioningFailed,
  permissionSetOutdated,
  accountNotActive,
  permissionSetEmpty,
];
