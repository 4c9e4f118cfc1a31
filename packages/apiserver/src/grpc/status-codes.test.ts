/** Tests for the Kubernetes reason -> gRPC code mapping and the Status trailer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { conflict, StatusError, StatusReasons, type StatusReason } from '@skiff/api';
import { grpcCodeOf, STATUS_TRAILER, toGrpcError } from './status-codes.js';

test('each Kubernetes reason maps onto the gRPC code closest in meaning', () => {
  const expected: Record<StatusReason, GrpcStatus> = {
    BadRequest: GrpcStatus.INVALID_ARGUMENT,
    Unauthorized: GrpcStatus.UNAUTHENTICATED,
    Forbidden: GrpcStatus.PERMISSION_DENIED,
    NotFound: GrpcStatus.NOT_FOUND,
    MethodNotAllowed: GrpcStatus.UNIMPLEMENTED,
    NotAcceptable: GrpcStatus.INVALID_ARGUMENT,
    AlreadyExists: GrpcStatus.ALREADY_EXISTS,
    Conflict: GrpcStatus.ABORTED,
    Gone: GrpcStatus.OUT_OF_RANGE,
    Expired: GrpcStatus.OUT_OF_RANGE,
    RequestEntityTooLarge: GrpcStatus.RESOURCE_EXHAUSTED,
    UnsupportedMediaType: GrpcStatus.INVALID_ARGUMENT,
    Invalid: GrpcStatus.INVALID_ARGUMENT,
    TooManyRequests: GrpcStatus.RESOURCE_EXHAUSTED,
    InternalError: GrpcStatus.INTERNAL,
    ServiceUnavailable: GrpcStatus.UNAVAILABLE,
    Timeout: GrpcStatus.DEADLINE_EXCEEDED,
  };
  for (const reason of Object.keys(StatusReasons) as StatusReason[]) {
    assert.equal(grpcCodeOf(reason), expected[reason], reason);
  }
});

test('a StatusError travels as its gRPC code, message and the Status JSON in the trailer', () => {
  const err = toGrpcError(conflict({ resource: 'configmaps', name: 'a' }, 'the object has been modified'));
  assert.equal(err.code, GrpcStatus.ABORTED);
  assert.equal(err.details, 'Operation cannot be fulfilled on configmaps "a": the object has been modified');
  const [raw] = err.metadata.get(STATUS_TRAILER);
  const status = JSON.parse((raw as Buffer).toString('utf8'));
  assert.equal(status.kind, 'Status');
  assert.equal(status.reason, 'Conflict');
  assert.equal(status.code, 409);
  assert.deepEqual(status.details, { kind: 'configmaps', name: 'a' });
});

test('errors that are not StatusErrors become INTERNAL with a 500 InternalError Status', () => {
  const err = toGrpcError(new Error('boom'));
  assert.equal(err.code, GrpcStatus.INTERNAL);
  const status = JSON.parse((err.metadata.get(STATUS_TRAILER)[0] as Buffer).toString('utf8'));
  assert.equal(status.reason, 'InternalError');
  assert.equal(status.code, 500);
  assert.match(status.message, /boom/);
});

test('a StatusError with a custom code keeps it in the trailer', () => {
  const err = toGrpcError(new StatusError('NotFound', 'x', undefined, 404));
  assert.equal(err.code, GrpcStatus.NOT_FOUND);
  assert.equal(JSON.parse((err.metadata.get(STATUS_TRAILER)[0] as Buffer).toString()).code, 404);
});
