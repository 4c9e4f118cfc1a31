/** What the pipeline knows about the caller of one request, whichever transport it came through. */

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
}

export interface RequestContext {
  user: UserInfo;
  /** True for `dryRun=All`: run every step but write nothing. */
  dryRun?: boolean;
  /** The manager recorded in managedFields (`fieldManager` query parameter or a default from the user agent). */
  fieldManager?: string;
  /** The write is a server-side apply: its managedFields entry is written by the apply itself. */
  serverSideApply?: boolean;
  /** Warnings collected on the way, returned to the client as `Warning` headers. */
  warnings: string[];
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

export function newContext(user: UserInfo, init: Partial<Omit<RequestContext, 'user' | 'warnings'>> = {}): RequestContext {
  return { user, warnings: [], ...init };
}
