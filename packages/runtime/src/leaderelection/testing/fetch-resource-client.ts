/** A minimal test-only ResourceClient over fetch (plain HTTP, no auth), for integration tests against startTestApiServer. */
import { StatusError, type StatusReason } from '@skiff/api';
import type { ApiObject, ObjectList, PatchType, ResourceClient, ResourceRef, WatchStream } from '@skiff/client';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export class FetchResourceClient implements ResourceClient {
  constructor(private readonly baseUrl: string) {}

  private path(resource: ResourceRef, namespace: string | undefined, name?: string): string {
    const root = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
    const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${root}${ns}/${resource.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  private async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const init: RequestInit = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = contentType;
    }
    const res = await fetch(this.baseUrl + path, init);
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) {
      const reason = (typeof parsed['reason'] === 'string' ? parsed['reason'] : 'InternalError') as StatusReason;
      throw new StatusError(reason, String(parsed['message'] ?? res.statusText), undefined, res.status);
    }
    return parsed as T;
  }

  get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.call('GET', this.path(resource, namespace, name));
  }

  list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined): Promise<ObjectList<T>> {
    return this.call('GET', this.path(resource, namespace));
  }

  async watch<T extends ApiObject = ApiObject>(): Promise<WatchStream<T>> {
    throw new StatusError('MethodNotAllowed', 'test client: watch is not supported');
  }

  create<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T): Promise<T> {
    return this.call('POST', this.path(resource, namespace), obj);
  }

  update<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T): Promise<T> {
    return this.call('PUT', this.path(resource, namespace, obj.metadata?.name ?? ''), obj);
  }

  patch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown): Promise<T> {
    return this.call('PATCH', this.path(resource, namespace, name), patch, PATCH_CONTENT_TYPES[type]);
  }

  delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.call('DELETE', this.path(resource, namespace, name));
  }

  async close(): Promise<void> {}
}
