// tsyringe (used by @peculiar/x509) needs the Reflect metadata API before the library loads.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** @peculiar/x509 with Node's Web Crypto as its provider. */
export { x509 };
