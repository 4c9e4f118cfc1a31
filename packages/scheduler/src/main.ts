#!/usr/bin/env node
/** skiff-scheduler: the scheduler binary (runs schedulerComponent until SIGTERM). */
import { runComponent } from '@skiff/runtime';
import { schedulerComponent } from './scheduler/component.js';

runComponent(schedulerComponent, process.argv.slice(2), { handleSignals: true }).catch((err: unknown) => {
  console.error(`skiff-scheduler: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
