/** The stations' WebSocket edge: what server.ts wires and what the rest of the system may call. */
export { WsGateway, type WsGatewayDeps } from './ws-gateway.js';
export { parseStationId, pickSubprotocol, parseBasicAuth } from './upgrade.js';
export * from './types.js';
