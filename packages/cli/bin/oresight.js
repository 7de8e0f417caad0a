#!/usr/bin/env node
// The oresight command. Sources are TypeScript run through tsx's loader (see
// docs/decisions/0001-typescript-without-a-build-step.md); the loader is registered here so that
// `npx oresight` works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
