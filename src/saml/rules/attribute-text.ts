/** Identity Center applies its attribute rules when attributes for access control is enabled, which
 * the analyser does not read; the attribute problems are warnings for that reason. */
export const ABAC_NOTE = 'Identity Center refuses this when attributes for access control is enabled.';

export const MAX_ATTRIBUTES = 50;
