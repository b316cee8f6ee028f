import type { V201HandlerTable } from '../context.js';
import { Authorize } from './Authorize.js';
import { BootNotification } from './BootNotification.js';
import { DataTransfer } from './DataTransfer.js';
import { FirmwareStatusNotification } from './FirmwareStatusNotification.js';
import { Heartbeat } from './Heartbeat.js';
import { LogStatusNotification } from './LogStatusNotification.js';
import { MeterValues } from './MeterValues.js';
import { NotifyEVChargingNeeds } from './NotifyEVChargingNeeds.js';
import { NotifyEvent } from './NotifyEvent.js';
import { NotifyReport } from './NotifyReport.js';
import { SecurityEventNotification } from './SecurityEventNotification.js';
import { SignCertificate } from './SignCertificate.js';
import { StatusNotification } from './StatusNotification.js';
import { TransactionEvent } from './TransactionEvent.js';

/** OCPP 2.0.1 routing table: every station-initiated action the CSMS handles. */
export const v201Handlers: V201HandlerTable = {
  Authorize,
  BootNotification,
  DataTransfer,
  FirmwareStatusNotification,
  Heartbeat,
  LogStatusNotification,
  MeterValues,
  NotifyEVChargingNeeds,
  NotifyEvent,
  NotifyReport,
  SecurityEventNotification,
  SignCertificate,
  StatusNotification,
  TransactionEvent,
};
