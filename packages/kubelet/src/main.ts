#!/usr/bin/env node
/** skiff-kubelet: the kubelet binary (runs kubeletComponent until SIGTERM; the pods keep running after it exits). */
import { runComponent } from '@skiff/runtime';
import { kubeletComponent } from './kubelet/component.js';

runComponent(kubeletComponent, process.argv.slice(2), { handleSignals: true }).catch((err: unknown) => {
  console.error(`skiff-kubelet: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
