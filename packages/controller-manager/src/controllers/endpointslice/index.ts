/** The EndpointSlice controller. */
export {
  endpointSliceController,
  ENDPOINT_SLICES,
  ENDPOINTSLICE_CONTROLLER_NAME,
  SERVICE_NAME_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY,
  MAX_ENDPOINTS_PER_SLICE,
  sliceLabels,
} from './endpointslice-controller.js';
export { desiredPortGroups, podSliceEndpoint, portsKey, ZONE_LABEL, type PortGroup } from './slice-endpoints.js';
export { planSlices, ADDRESS_TYPE, type SlicePlan, type SlicePlanInput } from './slice-plan.js';
export { SliceTracker } from './slice-tracker.js';
