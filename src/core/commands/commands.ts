/**
 * Version-neutral commands the CSMS can send to a station. Each resolves with the station's real answer
 * (translated to these shapes) or rejects with an AppError (offline, timeout, CALLERROR, invalid answer).
 * The OCPP 1.6 and 2.0.1 translations live in handlers/v16/commands.ts and handlers/v201/commands.ts.
 */
export type ResetKind = 'soft' | 'hard';
export type Availability = 'operative' | 'inoperative';

/** A station's answer: its status word as the protocol spelled it, plus anything else it returned. */
export interface CommandAnswer {
  status: string;
  /** The raw CALLRESULT payload, for display and audit. */
  raw: Record<string, unknown>;
}

/** One configuration key (1.6) or variable (2.0.1), flattened. */
export interface ConfigurationEntry {
  /** 1.6: the key. 2.0.1: `Component[/instance][@evse]` + `.` + `Variable[/instance]`. */
  key: string;
  value: string | null;
  readonly: boolean;
  /** Set when the station did not know the key or could not read it. */
  status?: string;
}

export interface ConfigurationAnswer {
  entries: ConfigurationEntry[];
  unknownKeys: string[];
  raw: Record<string, unknown>;
}

/** A value to set: 1.6 key, or 2.0.1 `Component.Variable` as in ConfigurationEntry.key. */
export interface ConfigurationChange {
  key: string;
  value: string;
}

/** The message a station is asked to send again (TriggerMessage), named version-neutrally. */
export type TriggerableMessage = 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues' | 'FirmwareStatusNotification' | 'DiagnosticsStatusNotification' | 'LogStatusNotification' | 'SignChargingStationCertificate' | 'TransactionEvent';

/** Commands to one connected station, whatever protocol version it speaks. */
export interface StationCommands {
  reset(stationId: string, kind: ResetKind): Promise<CommandAnswer>;
  remoteStart(stationId: string, input: { evseId?: number; connectorId?: number; idToken: string; idTokenType?: string; remoteStartId?: number }): Promise<CommandAnswer>;
  /** `transactionRef` is the session's transaction id as the station knows it. */
  remoteStop(stationId: string, transactionRef: string): Promise<CommandAnswer>;
  unlockConnector(stationId: string, evseId: number, connectorId: number): Promise<CommandAnswer>;
  changeAvailability(stationId: string, availability: Availability, evseId?: number, connectorId?: number): Promise<CommandAnswer>;
  getConfiguration(stationId: string, keys?: string[]): Promise<ConfigurationAnswer>;
  changeConfiguration(stationId: string, changes: ConfigurationChange[]): Promise<CommandAnswer[]>;
  triggerMessage(stationId: string, message: TriggerableMessage, evseId?: number, connectorId?: number): Promise<CommandAnswer>;
  clearCache(stationId: string): Promise<CommandAnswer>;
  dataTransfer(stationId: string, vendorId: string, messageId?: string, data?: string): Promise<CommandAnswer & { data?: unknown }>;
}

/** Sends one raw CALL to a station on whichever node holds its socket; provided by server.ts. */
export interface StationLink {
  /** The protocol version the station is connected with, or undefined when it is not connected. */
  versionOf(stationId: string): '1.6' | '2.0.1' | undefined;
  call(stationId: string, action: string, payload: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<Record<string, unknown>>;
}
