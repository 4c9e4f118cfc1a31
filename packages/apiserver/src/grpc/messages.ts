/** The decoded shapes of skiff.v1.Resources requests (proto-loader: camelCase, absent fields undefined). */

export interface ResourceTarget {
  group?: string;
  version?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteOptionsMessage {
  fieldManager?: string;
  fieldValidation?: string;
  dryRun?: boolean;
}

export interface GetRequest {
  target?: ResourceTarget;
}

export interface ListRequest {
  target?: ResourceTarget;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface WatchRequest {
  target?: ResourceTarget;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface CreateRequest {
  target?: ResourceTarget;
  object?: Buffer;
  options?: WriteOptionsMessage;
}

export type UpdateRequest = CreateRequest;

export interface PatchRequest {
  target?: ResourceTarget;
  patchType?: string;
  patch?: Buffer;
  options?: WriteOptionsMessage;
  force?: boolean;
}

export interface DeleteRequest {
  target?: ResourceTarget;
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface ObjectResponse {
  object: Buffer;
  code: number;
  warnings: string[];
}

export interface WatchEventMessage {
  type: string;
  object: Buffer;
}

export interface WatchEventsMessage {
  events: WatchEventMessage[];
}
