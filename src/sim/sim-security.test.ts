import { describe, expect, it } from 'vitest';
import { SimSecurity } from './sim-security.js';

const tls = { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' };

describe('the connection a simulated station makes', () => {
  it('goes over plain ws with Basic auth and no TLS settings at profile 1', () => {
    const security = new SimSecurity({ url: 'ws://csms/ocpp', password: 'pw', tls });
    expect(security.connection()).toEqual({ url: 'ws://csms/ocpp', password: 'pw' });
  });

  it('1.6: moves to the configured wss URL from profile 2 on, presenting the client certificate only at 3', () => {
    const security = new SimSecurity({ url: 'ws://csms:80/ocpp', password: 'pw', tls: { ...tls, url: 'wss://csms:443/ocpp' } });
    security.useProfile(2);
    expect(security.connection()).toEqual({ url: 'wss://csms:443/ocpp', password: 'pw', tls: { ca: 'CA PEM' } });
    security.useProfile(3);
    expect(security.connection()).toEqual({ url: 'wss://csms:443/ocpp', tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' } });
  });

  it('1.6: without a configured TLS URL, takes the same one as wss', () => {
    const security = new SimSecurity({ url: 'ws://csms/ocpp', password: 'pw' });
    security.useProfile(2);
    expect(security.connection()).toEqual({ url: 'wss://csms/ocpp', password: 'pw', tls: {} });
  });

  it('2.0.1: follows the network profile first in priority', () => {
    const security = new SimSecurity({ url: 'ws://csms/ocpp', password: 'pw', tls });
    security.networkProfiles.set(1, { url: 'wss://csms/tls', securityProfile: 3 });
    security.priority = [1, 0];
    expect(security.connection()).toEqual({ url: 'wss://csms/tls', tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' } });
    expect(security.profile).toBe(3);
  });

  it('starts at the profile its URL and credentials make', () => {
    expect(new SimSecurity({ url: 'ws://csms/ocpp' }).profile).toBe(0);
    expect(new SimSecurity({ url: 'wss://csms/ocpp', password: 'pw' }).profile).toBe(2);
    expect(new SimSecurity({ url: 'wss://csms/ocpp', tls }).profile).toBe(3);
  });
});
