/** Tests for gRPC authentication by client certificate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata } from '@grpc/grpc-js';
import { grpcCertificateAuthenticator, type GrpcCall } from './authn.js';

function callWith(subject: Record<string, string | string[]> | undefined): GrpcCall {
  return {
    metadata: new Metadata(),
    getPeer: () => '127.0.0.1:1',
    getAuthContext: () => (subject ? { transportSecurityType: 'ssl', sslPeerCertificate: { subject } as never } : {}),
  };
}

test('CN names the user and each O a group, plus system:authenticated', () => {
  assert.deepEqual(grpcCertificateAuthenticator(callWith({ CN: 'system:kube-scheduler', O: ['a', 'b'] })), {
    name: 'system:kube-scheduler',
    groups: ['a', 'b', 'system:authenticated'],
  });
  assert.deepEqual(grpcCertificateAuthenticator(callWith({ CN: 'kubelet', O: 'system:nodes' })), { name: 'kubelet', groups: ['system:nodes', 'system:authenticated'] });
});

test('no certificate, or one without a CN, authenticates nobody', () => {
  assert.equal(grpcCertificateAuthenticator(callWith(undefined)), undefined);
  assert.equal(grpcCertificateAuthenticator(callWith({ O: 'system:masters' })), undefined);
});
