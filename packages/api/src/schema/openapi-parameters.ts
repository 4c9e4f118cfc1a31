/** The query and path parameters kube-apiserver documents on its operations, in OpenAPI v3 form. */

/** One OpenAPI v3 parameter object. */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: string };
  uniqueItems?: boolean;
}

function query(name: string, type: string, description: string): OpenApiParameter {
  return { name, in: 'query', description, schema: { type }, uniqueItems: true };
}

function path(name: string, description: string): OpenApiParameter {
  return { name, in: 'path', description, required: true, schema: { type: 'string' }, uniqueItems: true };
}

export const NAME_PARAM = (kind: string): OpenApiParameter => path('name', `name of the ${kind}`);
export const NAMESPACE_PARAM = path('namespace', 'object name and auth scope, such as for teams and projects');
export const PRETTY_PARAM = query('pretty', 'string', "If 'true', then the output is pretty printed.");

const DRY_RUN = query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. The only valid value is All: all dry run stages are processed.');
const FIELD_MANAGER = query('fieldManager', 'string', 'A name associated with the actor or entity making these changes; at most 128 printable characters.');
const FIELD_VALIDATION = query(
  'fieldValidation',
  'string',
  'How the server treats unknown fields in the request body: Ignore drops them silently, Warn (the default) drops them and returns a warning for each, Strict fails the request with an error listing them.',
);
const FORCE = query('force', 'boolean', 'Force apply requests: take over fields other managers own. Must be unset for non-apply patch requests.');

const ALLOW_WATCH_BOOKMARKS = query('allowWatchBookmarks', 'boolean', 'Asks the server to send BOOKMARK watch events, which the client must not assume arrive at any particular interval.');
const CONTINUE = query('continue', 'string', 'The continue token returned by a previous limited list, to fetch the next chunk.');
const FIELD_SELECTOR = query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.');
const LABEL_SELECTOR = query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.');
const LIMIT = query('limit', 'integer', 'The maximum number of items to return in one response; the response then carries a continue token when more remain.');
const RESOURCE_VERSION = query('resourceVersion', 'string', 'Constrains which resource versions a list or watch may be served from. Defaults to the most recent.');
const RESOURCE_VERSION_MATCH = query('resourceVersionMatch', 'string', 'How resourceVersion applies to list calls: Exact or NotOlderThan.');
const SEND_INITIAL_EVENTS = query('sendInitialEvents', 'boolean', 'With watch=true, starts the watch stream with synthetic events for the current state of the objects.');
const TIMEOUT_SECONDS = query('timeoutSeconds', 'integer', 'Timeout for the list/watch call, regardless of activity or inactivity.');
const WATCH = query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update and remove notifications.');

const GRACE_PERIOD_SECONDS = query('gracePeriodSeconds', 'integer', 'Seconds before the object should be deleted; zero means delete immediately. Defaults to the per-type default when unset.');
const ORPHAN_DEPENDENTS = query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. Whether dependent objects should be orphaned.');
const PROPAGATION_POLICY = query('propagationPolicy', 'string', 'Whether and how garbage collection deletes dependents: Orphan, Background or Foreground.');

/** Parameters of create (POST) and replace (PUT). */
export const WRITE_PARAMS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
/** Parameters of patch; kubectl looks for fieldValidation here before it sends fieldValidation=Strict. */
export const PATCH_PARAMS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
/** Parameters of list and watch. */
export const LIST_PARAMS: readonly OpenApiParameter[] = [
  ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT, RESOURCE_VERSION, RESOURCE_VERSION_MATCH,
  SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH,
];
/** Parameters of deleting one object. */
export const DELETE_PARAMS: readonly OpenApiParameter[] = [DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS, PROPAGATION_POLICY];
/** Parameters of deleting a collection. */
export const DELETE_COLLECTION_PARAMS: readonly OpenApiParameter[] = [
  CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT, ORPHAN_DEPENDENTS, PROPAGATION_POLICY,
  RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS,
];
