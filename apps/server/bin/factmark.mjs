#!/usr/bin/env node
// The `factmark` command: runs src/cli.ts through tsx (the server runs TypeScript the same way).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
