#!/usr/bin/env node
// Entry for `npx chargewatch`: runs the compiled CLI (built by `npm install` / `npm run build`).
import '../dist/src/main.js';
