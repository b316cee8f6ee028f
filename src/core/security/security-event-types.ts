/**
 * The security event types of OCPP 2.0.1 (Part 2, appendix "Security Events") and of the OCPP 1.6 security
 * whitepaper (appendix "Security Events"), with the "critical" flag both lists give. The one list every part
 * uses: the API's severity, the network filter and the security-event rule.
 */

/** How serious a station security event is: critical per the OCPP list, warning for the list's others, info for vendor types. */
export type SecuritySeverity = 'critical' | 'warning' | 'info';

/** Every listed type → whether the OCPP list flags it critical. 1.6 spells the CSMS "CentralSystem" and the station "ChargePoint". */
export const SECURITY_EVENT_TYPES: Readonly<Record<string, boolean>> = {
  FirmwareUpdated: true,
  FailedToAuthenticateAtCsms: false,
  FailedToAuthenticateAtCentralSystem: false,
  CsmsFailedToAuthenticate: false,
  CentralSystemFailedToAuthenticate: false,
  SettingSystemTime: true,
  StartupOfTheDevice: true,
  ResetOrReboot: true,
  SecurityLogWasCleared: true,
  ReconfigurationOfSecurityParameters: false,
  MemoryExhaustion: true,
  InvalidMessages: false,
  AttemptedReplayAttacks: false,
  TamperDetectionActivated: true,
  InvalidFirmwareSignature: false,
  InvalidFirmwareSigningCertificate: false,
  InvalidCsmsCertificate: false,
  InvalidCentralSystemCertificate: false,
  InvalidChargingStationCertificate: false,
  InvalidChargePointCertificate: false,
  InvalidTLSVersion: false,
  InvalidTLSCipherSuite: false,
  MaintenanceLoginAccepted: true,
  MaintenanceLoginFailed: true,
};

/** Types the lists flag critical. */
export const CRITICAL_SECURITY_EVENT_TYPES: readonly string[] = Object.keys(SECURITY_EVENT_TYPES).filter((t) => SECURITY_EVENT_TYPES[t]);
/** Listed types not flagged critical. */
export const WARNING_SECURITY_EVENT_TYPES: readonly string[] = Object.keys(SECURITY_EVENT_TYPES).filter((t) => !SECURITY_EVENT_TYPES[t]);

/** The severity of a reported type (types outside the lists are vendor-specific: info). */
export function securitySeverity(type: string): SecuritySeverity {
  const critical = SECURITY_EVENT_TYPES[type];
  return critical === undefined ? 'info' : critical ? 'critical' : 'warning';
}

/**
 * Critical in the lists but the normal record of a boot, a reset or an update: the reboot-loop and firmware
 * rules judge those, so they raise no security incident (they are still shown as critical events).
 */
export const ROUTINE_SECURITY_EVENT_TYPES: readonly string[] = ['StartupOfTheDevice', 'ResetOrReboot', 'FirmwareUpdated'];

/** Camera / sensor event types that raise a security incident (others, such as motion, are only recorded). */
export const ALARM_CAMERA_EVENTS: readonly string[] = ['tamper', 'intrusion'];
