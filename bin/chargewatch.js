#!/usr/bin/env -S node --max-semi-space-size=64 --v8-pool-size=2
// Entry for `npx chargewatch`: runs the compiled CLI (built by `npm install` / `npm run build`).
// A 64 MB young generation: the gateway allocates many short-lived objects per frame, and the default
// (16 MB) collects them so often that ingest costs about a tenth more CPU (`npm run bench -- ingest`).
// Two V8 helper threads, not four: on a small machine shared with PostgreSQL, four garbage-collection helpers
// lengthened the latency tail (bench/README.md). A larger machine may raise it: node --v8-pool-size=N.
import '../dist/src/main.js';
