/** common: pieces several controllers share. */
export { controllerRefOf, newControllerRef, isControlledBy, claimObjects, recheckOwnerLive, type ClaimOptions, type Owner, type OwnedObject } from './controller-ref.js';
