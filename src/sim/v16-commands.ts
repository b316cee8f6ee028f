import { OcppError, type Payload, type V16CommandRequest, type V16CommandResponse } from '../ocpp/index.js';
import { answerDataTransfer } from './data-transfer.js';
import { answerV16LocalList } from './local-list-commands.js';
import { answerV16Security, securityConfigurationV16 } from './security-commands.js';
import type { ProtocolAdapter, StationControl } from './protocol.js';
import type { CommandOutcome } from './station-link.js';
import { changeConfiguration, getConfiguration } from './v16-config.js';

type Cmd = 'Reset' | 'RemoteStartTransaction' | 'RemoteStopTransaction' | 'UnlockConnector' | 'ChangeAvailability'
  | 'GetConfiguration' | 'ChangeConfiguration' | 'TriggerMessage' | 'DataTransfer';
type Req<A extends Cmd> = V16CommandRequest<A>;

function asReq<A extends Cmd>(payload: Payload, _action: A): Req<A> {
  // The link has validated the payload against the official schema before it gets here.
  return payload as unknown as Req<A>;
}

const done = (response: object, after?: () => void): CommandOutcome => ({ response, after });

function trigger(s: StationControl, p: ProtocolAdapter, req: Req<'TriggerMessage'>): CommandOutcome {
  const only = req.connectorId !== undefined && req.connectorId > 0 ? s.connector(req.connectorId) : undefined;
  if (req.connectorId !== undefined && req.connectorId > 0 && !only) return done({ status: 'Rejected' });
  const targets = only ? [only] : s.connectors;
  const accepted = (after: () => void): CommandOutcome => done({ status: 'Accepted' } satisfies V16CommandResponse<'TriggerMessage'>, after);
  switch (req.requestedMessage) {
    case 'BootNotification':
      return accepted(() => s.triggerBoot());
    case 'Heartbeat':
      return accepted(() => p.heartbeat());
    case 'StatusNotification':
      return accepted(() => (only ? p.statusChanged(only) : p.allStatuses()));
    case 'MeterValues':
      return accepted(() => {
        for (const c of targets) {
          if (c.tx) p.txMeter(c, c.tx, 'Trigger');
          else p.idleMeter(c);
        }
      });
    case 'DiagnosticsStatusNotification':
      return accepted(() => s.link.post('DiagnosticsStatusNotification', { status: 'Idle' }));
    case 'FirmwareStatusNotification':
      return accepted(() => s.link.post('FirmwareStatusNotification', { status: 'Idle' }));
    default:
      return done({ status: 'NotImplemented' });
  }
}

/** Answers one OCPP 1.6 command as a Core + RemoteTrigger station does; other actions are NotSupported. */
export function handleV16Command(s: StationControl, p: ProtocolAdapter, action: string, payload: Payload): CommandOutcome {
  switch (action) {
    case 'Reset': {
      const req = asReq(payload, 'Reset');
      const { status, after } = s.reset(req.type === 'Hard' ? 'HardReset' : 'SoftReset', false);
      return done({ status: status === 'Accepted' ? 'Accepted' : 'Rejected' } satisfies V16CommandResponse<'Reset'>, after);
    }
    case 'RemoteStartTransaction': {
      const req = asReq(payload, 'RemoteStartTransaction');
      const start = req.connectorId === 0 ? undefined : s.remoteStart(req.connectorId, req.idTag, 'Central');
      return done({ status: start ? 'Accepted' : 'Rejected' } satisfies V16CommandResponse<'RemoteStartTransaction'>, start);
    }
    case 'RemoteStopTransaction': {
      const stop = s.remoteStop(String(asReq(payload, 'RemoteStopTransaction').transactionId));
      return done({ status: stop ? 'Accepted' : 'Rejected' } satisfies V16CommandResponse<'RemoteStopTransaction'>, stop);
    }
    case 'UnlockConnector': {
      const c = s.connector(asReq(payload, 'UnlockConnector').connectorId);
      if (!c) return done({ status: 'NotSupported' } satisfies V16CommandResponse<'UnlockConnector'>);
      return done({ status: 'Unlocked' } satisfies V16CommandResponse<'UnlockConnector'>, () => s.unlock(c, true));
    }
    case 'ChangeAvailability': {
      const req = asReq(payload, 'ChangeAvailability');
      if (req.connectorId !== 0 && !s.connector(req.connectorId)) return done({ status: 'Rejected' });
      const status = s.changeAvailability(req.connectorId, req.type === 'Operative');
      return done({ status } satisfies V16CommandResponse<'ChangeAvailability'>);
    }
    case 'GetConfiguration':
      return done(getConfiguration(s, asReq(payload, 'GetConfiguration')));
    case 'ChangeConfiguration': {
      const req = asReq(payload, 'ChangeConfiguration');
      return securityConfigurationV16(s, req) ?? done(changeConfiguration(s, req));
    }
    case 'TriggerMessage':
      return trigger(s, p, asReq(payload, 'TriggerMessage'));
    case 'ClearCache':
      return done({ status: 'Accepted' } satisfies V16CommandResponse<'ClearCache'>);
    case 'DataTransfer': {
      const req = asReq(payload, 'DataTransfer');
      return done(answerDataTransfer({ vendorId: req.vendorId, data: req.data }));
    }
    case 'SendLocalList':
    case 'GetLocalListVersion':
      return done(answerV16LocalList(s, action, payload));
    case 'ExtendedTriggerMessage':
    case 'CertificateSigned':
    case 'InstallCertificate':
    case 'GetInstalledCertificateIds':
    case 'DeleteCertificate':
      return answerV16Security(s, action, payload);
    default:
      throw new OcppError('NotSupported', `${action} is not supported by this station`);
  }
}
