/**
 * The Node flags the server runs with (bin/chargewatch.js and `npm start` pass the same): benchmarks
 * measure the server as it is shipped. A larger young generation makes the many short-lived per-frame
 * objects cheaper to collect. Two V8 helper threads instead of Node's four: on a machine whose few cores
 * the server shares with PostgreSQL, four garbage-collection helpers competed with both and lengthened the
 * latency tail (bench/README.md, "Garbage-collection helper threads").
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--v8-pool-size=2'];
