import type { V16HandlerTable } from '../context.js';
import { Authorize } from './Authorize.js';
import { BootNotification } from './BootNotification.js';
import { DataTransfer } from './DataTransfer.js';
import { DiagnosticsStatusNotification } from './DiagnosticsStatusNotification.js';
import { FirmwareStatusNotification } from './FirmwareStatusNotification.js';
import { Heartbeat } from './Heartbeat.js';
import { LogStatusNotification } from './LogStatusNotification.js';
import { MeterValues } from './MeterValues.js';
import { SecurityEventNotification } from './SecurityEventNotification.js';
import { SignCertificate } from './SignCertificate.js';
import { SignedFirmwareStatusNotification } from './SignedFirmwareStatusNotification.js';
import { StartTransaction } from './StartTransaction.js';
import { StatusNotification } from './StatusNotification.js';
import { StopTransaction } from './StopTransaction.js';

/** OCPP 1.6 routing table: every station-initiated action the CSMS handles. */
export const v16Handlers: V16HandlerTable = {
  Authorize,
  BootNotification,
  DataTransfer,
  DiagnosticsStatusNotification,
  FirmwareStatusNotification,
  Heartbeat,
  LogStatusNotification,
  MeterValues,
  SecurityEventNotification,
  SignCertificate,
  SignedFirmwareStatusNotification,
  StartTransaction,
  StatusNotification,
  StopTransaction,
};
