/** The OCPP versions spoken, as named in this code base. */
export type OcppVersion = '1.6' | '2.0.1';

/** WebSocket subprotocol names (OCPP-J) and the version each selects. */
export const SUBPROTOCOLS: Readonly<Record<string, OcppVersion>> = Object.freeze({
  'ocpp1.6': '1.6',
  'ocpp2.0.1': '2.0.1',
});

/** The subprotocol name for a version. */
export function subprotocolOf(version: OcppVersion): string {
  return version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1';
}
