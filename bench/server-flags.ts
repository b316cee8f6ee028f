/**
 * The Node flags the server runs with (bin/chargewatch.js and `npm start` pass the same): benchmarks
 * measure the server as it is shipped. A larger young generation makes the many short-lived per-frame
 * objects cheaper to collect.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
