import type { Channel, RemediationLadder, RuleDefinition } from '../alerts.js';

/** The key of every shipped rule, so evaluators, remediation and tests name them without typos. */
export const RULE_KEYS = {
  stationOffline: 'station_offline',
  connectorFaulted: 'connector_faulted',
  connectorUnavailable: 'connector_unavailable',
  powerZero: 'power_zero',
  powerBelowOffered: 'power_below_offered',
  powerFluctuation: 'power_fluctuation',
  sitePowerLimit: 'site_power_limit',
  socStalled: 'session_soc_stalled',
  zombieSession: 'session_zombie',
  eternalSession: 'session_eternal',
  zeroEnergySession: 'session_zero_energy',
  failedStarts: 'connector_failed_starts',
  firmwareFailed: 'firmware_update_failed',
  uploadFailed: 'diagnostics_upload_failed',
  rebootLoop: 'station_reboot_loop',
  securityEvent: 'security_event',
  certificateExpiring: 'certificate_expiring',
  stationAuthFailures: 'station_auth_failures',
  tokenAuthFailures: 'token_auth_failures',
  unknownStationAttempts: 'unknown_station_attempts',
  stationLoginFailures: 'station_login_failures',
  cameraAlarm: 'camera_alarm',
  futureTimestamp: 'data_future_timestamp',
  meterBackwards: 'data_meter_backwards',
} as const;

const ALL: Channel[] = ['in_app', 'email', 'webhook'];
const IN_APP: Channel[] = ['in_app'];
const OFF: RemediationLadder = { enabled: false, steps: [] };

/**
 * An offline station cannot take commands until its socket is back, so its ladder waits longer than the
 * faulted one: a station that reconnects by itself never sees a step, and one that stays away half an
 * hour gets a technician.
 */
const OFFLINE_LADDER: RemediationLadder = {
  enabled: true,
  steps: [{ action: 'trigger_status', afterS: 120 }, { action: 'soft_reset', afterS: 300 }, { action: 'hard_reset', afterS: 900 }, { action: 'ticket', afterS: 1800 }],
};

/** Many faults clear after a status refresh or a reboot; a soft reset gets time to boot before the hard one. */
const FAULTED_LADDER: RemediationLadder = {
  enabled: true,
  steps: [{ action: 'trigger_status', afterS: 60 }, { action: 'soft_reset', afterS: 180 }, { action: 'hard_reset', afterS: 600 }, { action: 'ticket', afterS: 900 }],
};

/** Unavailable without an operator's order: the same steps as a fault, off by default (stations use it while updating). */
const UNAVAILABLE_LADDER: RemediationLadder = { ...FAULTED_LADDER, enabled: false };

type Def = Omit<RuleDefinition, 'channels' | 'remediation'> & Partial<Pick<RuleDefinition, 'channels' | 'remediation'>>;
const rule = (d: Def): RuleDefinition => ({ channels: IN_APP, remediation: OFF, ...d });

/** Every rule the product ships, with its defaults (the settings an operator edits live in alert_rules). */
export const CATALOG: readonly RuleDefinition[] = [
  rule({
    key: RULE_KEYS.stationOffline, name: 'Station offline', category: 'connectivity', severity: 'critical', escalateAfterMin: null, channels: ALL, remediation: OFFLINE_LADDER,
    description: 'The socket closed (or was closed after two unanswered pings), or nothing arrived for heartbeat interval × factor. Clears when the station connects or is heard from again.',
    params: { heartbeatIntervalS: 300, heartbeatFactor: 2 },
  }),
  rule({
    key: RULE_KEYS.connectorFaulted, name: 'Connector faulted', category: 'connector', severity: 'warning', escalateAfterMin: 30, channels: ALL, remediation: FAULTED_LADDER,
    description: 'A connector (or the whole station) reports Faulted, with the error code and vendor code. Clears when it reports a working status.',
    params: {},
  }),
  rule({
    key: RULE_KEYS.connectorUnavailable, name: 'Connector unavailable', category: 'connector', severity: 'warning', escalateAfterMin: 60, remediation: UNAVAILABLE_LADDER,
    description: 'A connector stays Unavailable for graceS without an operator having made it inoperative. Clears when it reports a working status.',
    params: { graceS: 120 },
  }),
  rule({
    key: RULE_KEYS.powerZero, name: 'Charging without power', category: 'power', severity: 'warning', escalateAfterMin: 60,
    description: 'A connector reports Charging but delivers less than powerW for minutes. Clears when power flows or it stops charging.',
    params: { minutes: 10, powerW: 100 },
  }),
  rule({
    key: RULE_KEYS.powerBelowOffered, name: 'Power far below the offered limit', category: 'power', severity: 'info', escalateAfterMin: null,
    description: 'While charging, power stays below ratioPercent of the power offered to the EV (Power.Offered) for minutes. Clears when it rises or charging stops.',
    params: { minutes: 15, ratioPercent: 50, minOfferedW: 3000 },
  }),
  rule({
    key: RULE_KEYS.powerFluctuation, name: 'Power fluctuating', category: 'power', severity: 'info', escalateAfterMin: null,
    description: 'At least swings jumps of more than swingW between consecutive samples within windowMin. Clears after windowMin without a swing.',
    params: { swingW: 7000, swings: 3, windowMin: 10 },
  }),
  rule({
    key: RULE_KEYS.sitePowerLimit, name: 'Site near its power limit', category: 'power', severity: 'warning', escalateAfterMin: 15, channels: ALL,
    description: "A site's total power reaches nearPercent of its maximum (sites with a power limit only); critical when over it. Clears below nearPercent − hysteresisPercent.",
    params: { nearPercent: 90, hysteresisPercent: 5 },
  }),
  rule({
    key: RULE_KEYS.socStalled, name: 'State of charge not rising', category: 'session', severity: 'warning', escalateAfterMin: null,
    description: 'A session is charging but its SoC has not risen for minutes (below fullPercent). Clears when it rises or the session stops.',
    params: { minutes: 20, fullPercent: 98 },
  }),
  rule({
    key: RULE_KEYS.zombieSession, name: 'Zombie session', category: 'session', severity: 'warning', escalateAfterMin: 60,
    description: 'A session (or a Preparing connector) has delivered no energy minutes after it began. Clears when energy flows or it ends.',
    params: { minutes: 5 },
  }),
  rule({
    key: RULE_KEYS.eternalSession, name: 'Eternal session', category: 'session', severity: 'warning', escalateAfterMin: null,
    description: 'A session has run for more than hours without a stop. Clears when it stops.',
    params: { hours: 24 },
  }),
  rule({
    key: RULE_KEYS.zeroEnergySession, name: 'Sessions without energy', category: 'session', severity: 'info', escalateAfterMin: null,
    description: 'A session on a connector ended having delivered at most maxEnergyWh (each one counts an occurrence). Clears when a session on that connector delivers energy.',
    params: { maxEnergyWh: 10 },
  }),
  rule({
    key: RULE_KEYS.failedStarts, name: 'Failed starts', category: 'connector', severity: 'warning', escalateAfterMin: null,
    description: 'Within windowMin, at least minFailures start attempts on a connector failed and they are at least ratePercent of its attempts. A failed start: remote start rejected, start with a refused token, or a session ending within quickStopS with no energy. Clears when the rate drops below.',
    params: { windowMin: 60, minFailures: 3, ratePercent: 50, quickStopS: 60 },
  }),
  rule({
    key: RULE_KEYS.firmwareFailed, name: 'Firmware update failed', category: 'firmware', severity: 'warning', escalateAfterMin: null, channels: ALL,
    description: 'The station reported a failed download, installation, verification or signature. Clears when a firmware is installed.',
    params: {},
  }),
  rule({
    key: RULE_KEYS.uploadFailed, name: 'Diagnostics upload failed', category: 'firmware', severity: 'info', escalateAfterMin: null,
    description: 'A diagnostics or log upload failed. Clears when an upload succeeds.',
    params: {},
  }),
  rule({
    key: RULE_KEYS.rebootLoop, name: 'Station rebooting repeatedly', category: 'connectivity', severity: 'warning', escalateAfterMin: 60, channels: ALL,
    description: 'More than maxBootsPerHour boots within an hour. Clears after an hour without a boot.',
    params: { maxBootsPerHour: 3 },
  }),
  rule({
    key: RULE_KEYS.securityEvent, name: 'Security event', category: 'security', severity: 'warning', escalateAfterMin: null, channels: ALL,
    description: 'The station reported a security event; the critical types of the OCPP security whitepaper (tamper, invalid firmware signature, memory exhaustion, …) are critical. Resolved by an operator.',
    params: {},
  }),
  rule({
    key: RULE_KEYS.certificateExpiring, name: 'Station certificate expiring', category: 'security', severity: 'warning', escalateAfterMin: null, channels: ALL,
    description: 'A certificate the station holds (one our CA issued, or one we installed) expires within withinDays; critical once it has expired. Clears when it is replaced or removed.',
    params: { withinDays: 30 },
  }),
  rule({
    key: RULE_KEYS.stationAuthFailures, name: 'Repeated failed authorizations at a station', category: 'security', severity: 'warning', escalateAfterMin: null,
    description: 'At least failures id tokens refused at one station within windowMin. Clears after windowMin without a refusal.',
    params: { failures: 5, windowMin: 10 },
  }),
  rule({
    key: RULE_KEYS.tokenAuthFailures, name: 'Repeated failed authorizations of a token', category: 'security', severity: 'warning', escalateAfterMin: null,
    description: 'One id token refused at least failures times within windowMin (anywhere). Clears after windowMin without a refusal.',
    params: { failures: 3, windowMin: 10 },
  }),
  rule({
    key: RULE_KEYS.unknownStationAttempts, name: 'Unknown stations knocking', category: 'security', severity: 'warning', escalateAfterMin: null,
    description: 'At least attempts connections refused for an unknown, rejected or disabled identity within windowMin, counted per identity and per address. Clears after windowMin without one.',
    params: { attempts: 5, windowMin: 10 },
  }),
  rule({
    key: RULE_KEYS.stationLoginFailures, name: 'Failed station logins', category: 'security', severity: 'warning', escalateAfterMin: null, channels: ALL,
    description: 'At least attempts failed Basic-auth logins (wrong or missing password) within windowMin, counted per station identity and per address. Clears after windowMin without one.',
    params: { attempts: 5, windowMin: 10 },
  }),
  rule({
    key: RULE_KEYS.cameraAlarm, name: 'Camera or sensor alarm', category: 'security', severity: 'critical', escalateAfterMin: null, channels: ALL,
    description: 'A camera or sensor source reported tamper or intrusion, on the stations (or site) its camera is mapped to. Resolved by an operator.',
    params: {},
  }),
  rule({
    key: RULE_KEYS.futureTimestamp, name: 'Timestamps in the future', category: 'data', severity: 'info', escalateAfterMin: null,
    description: 'Meter values stamped more than toleranceS (at least 30) ahead of the server clock; accepted, and flagged. Clears after quietMin without one.',
    params: { toleranceS: 300, quietMin: 60 },
  }),
  rule({
    key: RULE_KEYS.meterBackwards, name: 'Meter register going backwards', category: 'data', severity: 'warning', escalateAfterMin: null,
    description: 'An energy register reading lower than the previous one in a session (reset, rollover or replaced meter); accepted, and flagged. Clears after quietMin without one.',
    params: { quietMin: 1440 },
  }),
];
