#!/usr/bin/env node
/** skiff-controller-manager: the controller manager binary (runs controllerManagerComponent until SIGTERM). */
import { runComponent } from '@skiff/runtime';
import { controllerManagerComponent } from './manager/component.js';

runComponent(controllerManagerComponent, process.argv.slice(2), { handleSignals: true }).catch((err: unknown) => {
  console.error(`skiff-controller-manager: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
