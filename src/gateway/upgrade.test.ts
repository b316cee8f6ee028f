import { describe, expect, it } from 'vitest';
import { offeredSubprotocols, parseBasicAuth, parseStationId, pickSubprotocol } from './upgrade.js';

describe('parseStationId', () => {
  it('takes the last path segment, URL-decoded', () => {
    expect(parseStationId('/ocpp/CP-1')).toBe('CP-1');
    expect(parseStationId('/CP-1')).toBe('CP-1');
    expect(parseStationId('/a/b/c/CP%201?token=x')).toBe('CP 1');
    expect(parseStationId('/ocpp/%C3%A9t%C3%A9')).toBe('été');
  });

  it('refuses empty, too long, control characters, encoded slashes and bad encodings', () => {
    expect(parseStationId('/ocpp/')).toBeUndefined();
    expect(parseStationId(undefined)).toBeUndefined();
    expect(parseStationId(`/ocpp/${'x'.repeat(49)}`)).toBeUndefined();
    expect(parseStationId(`/ocpp/${'x'.repeat(48)}`)).toBe('x'.repeat(48));
    expect(parseStationId('/ocpp/a%2Fb')).toBeUndefined();
    expect(parseStationId('/ocpp/a%0Ab')).toBeUndefined();
    expect(parseStationId('/ocpp/%E0%A4%A')).toBeUndefined();
  });
});

describe('pickSubprotocol', () => {
  it('prefers 2.0.1 when both are offered, whatever the order', () => {
    expect(pickSubprotocol(['ocpp1.6', 'ocpp2.0.1'])).toEqual({ name: 'ocpp2.0.1', version: '2.0.1' });
    expect(pickSubprotocol(['ocpp2.0.1', 'ocpp1.6'])).toEqual({ name: 'ocpp2.0.1', version: '2.0.1' });
    expect(pickSubprotocol(['ocpp2.0', 'ocpp1.6'])).toEqual({ name: 'ocpp1.6', version: '1.6' });
  });

  it('finds nothing among unknown names, including inherited object keys', () => {
    expect(pickSubprotocol(['ocpp1.5', 'toString', 'OCPP1.6'])).toBeUndefined();
    expect(pickSubprotocol([])).toBeUndefined();
  });

  it('reads repeated and comma-joined headers', () => {
    expect(offeredSubprotocols('ocpp1.6, ocpp2.0.1')).toEqual(['ocpp1.6', 'ocpp2.0.1']);
    expect(offeredSubprotocols(['ocpp1.6', 'x,y'])).toEqual(['ocpp1.6', 'x', 'y']);
    expect(offeredSubprotocols(undefined)).toEqual([]);
  });
});

describe('parseBasicAuth', () => {
  const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;

  it('splits at the first colon so passwords may contain colons', () => {
    expect(parseBasicAuth(basic('CP-1:pa:ss'))).toEqual({ username: 'CP-1', password: 'pa:ss' });
    expect(parseBasicAuth(basic('CP-1:'))).toEqual({ username: 'CP-1', password: '' });
    expect(parseBasicAuth(`basic ${Buffer.from('a:b').toString('base64')}`)).toEqual({ username: 'a', password: 'b' });
  });

  it('ignores other schemes and malformed values', () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(basic('no-colon'))).toBeUndefined();
    expect(parseBasicAuth('Basic !!!')).toBeUndefined();
  });
});
