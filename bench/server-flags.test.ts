import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const root = new URL('../', import.meta.url);

describe('the server Node flags', () => {
  it('are the ones the shipped launcher and npm start pass, so benchmarks measure the server as shipped', () => {
    const shebang = readFileSync(new URL('bin/chargewatch.js', root), 'utf8').split('\n')[0]!;
    const start = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    const flagsOf = (command: string) => command.split(/\s+/).filter((word) => word.startsWith('--'));
    expect(flagsOf(shebang)).toEqual([...SERVER_NODE_FLAGS]);
    expect(flagsOf(start.slice(start.indexOf('node ')))).toEqual([...SERVER_NODE_FLAGS]);
  });
});
