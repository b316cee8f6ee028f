import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runTs = fileURLToPath(new URL('../../bench/run.ts', import.meta.url));

/**
 * Runs one benchmark scenario from source (through tsx, which the bench children inherit) and parses the one
 * JSON line it must print; anything else on stdout fails.
 */
export function runBench(args: string[], timeoutMs = 170_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', runTs, ...args], { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${err.message}\n${stderr}`));
        return;
      }
      const lines = stdout.trim().split('\n');
      if (lines.length !== 1) {
        reject(new Error(`expected one JSON line on stdout, got ${lines.length}:\n${stdout.slice(0, 2000)}`));
        return;
      }
      resolve(JSON.parse(lines[0]!) as Record<string, unknown>);
    });
  });
}
