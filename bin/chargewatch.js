#!/usr/bin/env -S node --max-semi-space-size=64
// Entry for `npx chargewatch`: runs the compiled CLI (built by `npm install` / `npm run build`).
// A 64 MB young generation: the gateway allocates many short-lived objects per frame, and the default
// (16 MB) collects them so often that ingest costs about a tenth more CPU (`npm run bench -- ingest`).
import '../dist/src/main.js';
