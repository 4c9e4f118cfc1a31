/** Tests for turning gRPC failures back into StatusErrors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { StatusError } from '@skiff/api';
import { reasonOfGrpcCode, STATUS_TRAILER, statusErrorOfGrpc } from './status-of-error.js';

test('the Status in the trailer wins: reason, code, message and details come back as the server sent them', () => {
  const metadata = new Metadata();
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'Operation cannot be fulfilled on configmaps "a": stale', details: { kind: 'configmaps', name: 'a' } };
  metadata.set(STATUS_TRAILER, Buffer.from(JSON.stringify(status)));
  const err = statusErrorOfGrpc({ code: GrpcStatus.ABORTED, details: 'ignored', metadata });
  assert.ok(err instanceof StatusError);
  assert.equal(err.reason, 'Conflict');
  assert.equal(err.code, 409);
  assert.equal(err.message, status.message);
  assert.deepEqual(err.details, { kind: 'configmaps', name: 'a' });
});

test('without a trailer the gRPC code decides the reason', () => {
  const err = statusErrorOfGrpc({ code: GrpcStatus.UNAVAILABLE, details: 'No connection established', metadata: new Metadata() });
  assert.equal(err.reason, 'ServiceUnavailable');
  assert.equal(err.code, 503);
  assert.equal(err.message, 'No connection established');
  assert.equal(statusErrorOfGrpc({ code: GrpcStatus.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }).code, 504);
});

test('each gRPC code maps back to a Kubernetes reason; unknown ones are InternalError', () => {
  assert.equal(reasonOfGrpcCode(GrpcStatus.NOT_FOUND), 'NotFound');
  assert.equal(reasonOfGrpcCode(GrpcStatus.ALREADY_EXISTS), 'AlreadyExists');
  assert.equal(reasonOfGrpcCode(GrpcStatus.ABORTED), 'Conflict');
  assert.equal(reasonOfGrpcCode(GrpcStatus.OUT_OF_RANGE), 'Expired');
  assert.equal(reasonOfGrpcCode(GrpcStatus.PERMISSION_DENIED), 'Forbidden');
  assert.equal(reasonOfGrpcCode(GrpcStatus.UNAUTHENTICATED), 'Unauthorized');
  assert.equal(reasonOfGrpcCode(GrpcStatus.UNKNOWN), 'InternalError');
  assert.equal(reasonOfGrpcCode(GrpcStatus.DATA_LOSS), 'InternalError');
});

test('a Status with a reason Skiff does not know becomes InternalError but keeps its code', () => {
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, Buffer.from(JSON.stringify({ kind: 'Status', reason: 'SomethingNew', code: 418, message: 'teapot' })));
  const err = statusErrorOfGrpc({ code: GrpcStatus.INTERNAL, metadata });
  assert.equal(err.reason, 'InternalError');
  assert.equal(err.code, 418);
  assert.equal(err.message, 'teapot');
});
