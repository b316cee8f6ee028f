import { OcppError, type Payload, type V201CommandRequest, type V201CommandResponse } from '../ocpp/index.js';
import { answerDataTransfer } from './data-transfer.js';
import { answerV201LocalList } from './local-list-commands.js';
import { answerV201Security, sendCsr } from './security-commands.js';
import type { ProtocolAdapter, StationControl } from './protocol.js';
import type { CommandOutcome } from './station-link.js';
import { getVariables, setVariables } from './v201-variables.js';

type Cmd = 'Reset' | 'RequestStartTransaction' | 'RequestStopTransaction' | 'UnlockConnector' | 'ChangeAvailability'
  | 'GetVariables' | 'SetVariables' | 'TriggerMessage' | 'DataTransfer';
type Req<A extends Cmd> = V201CommandRequest<A>;
type Res<A extends Cmd> = V201CommandResponse<A>;

function asReq<A extends Cmd>(payload: Payload, _action: A): Req<A> {
  // The link has validated the payload against the official schema before it gets here.
  return payload as unknown as Req<A>;
}

const done = (response: object, after?: () => void): CommandOutcome => ({ response, after });

function trigger(s: StationControl, p: ProtocolAdapter, req: Req<'TriggerMessage'>): CommandOutcome {
  const only = req.evse ? s.connector(req.evse.id) : undefined;
  if (req.evse && req.evse.id > 0 && !only) return done({ status: 'Rejected' } satisfies Res<'TriggerMessage'>);
  const targets = only ? [only] : s.connectors;
  const accepted = (after: () => void): CommandOutcome => done({ status: 'Accepted' } satisfies Res<'TriggerMessage'>, after);
  switch (req.requestedMessage) {
    case 'BootNotification':
      return accepted(() => s.triggerBoot());
    case 'Heartbeat':
      return accepted(() => p.heartbeat());
    case 'StatusNotification':
      return accepted(() => {
        for (const c of targets) c.reported = undefined;
        for (const c of targets) p.statusChanged(c);
      });
    case 'MeterValues':
      return accepted(() => {
        for (const c of targets) p.idleMeter(c);
      });
    case 'TransactionEvent': {
      const running = targets.filter((c) => c.tx && !c.tx.ended);
      if (running.length === 0) return done({ status: 'Rejected' } satisfies Res<'TriggerMessage'>);
      return accepted(() => {
        for (const c of running) if (c.tx) p.txMeter(c, c.tx, 'Trigger');
      });
    }
    case 'FirmwareStatusNotification':
      return accepted(() => s.link.post('FirmwareStatusNotification', { status: 'Idle' }));
    case 'LogStatusNotification':
      return accepted(() => s.link.post('LogStatusNotification', { status: 'Idle' }));
    case 'SignChargingStationCertificate':
      return accepted(() => sendCsr(s));
    default:
      return done({ status: 'NotImplemented' } satisfies Res<'TriggerMessage'>);
  }
}

/** Answers one OCPP 2.0.1 command as a basic charging station does; other actions are NotSupported. */
export function handleV201Command(s: StationControl, p: ProtocolAdapter, action: string, payload: Payload): CommandOutcome {
  switch (action) {
    case 'Reset': {
      const req = asReq(payload, 'Reset');
      if (req.evseId !== undefined) return done({ status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest' } } satisfies Res<'Reset'>);
      const { status, after } = s.reset('ImmediateReset', req.type === 'OnIdle');
      return done({ status } satisfies Res<'Reset'>, after);
    }
    case 'RequestStartTransaction': {
      const req = asReq(payload, 'RequestStartTransaction');
      const start = req.evseId === 0 ? undefined : s.remoteStart(req.evseId, req.idToken.idToken, req.idToken.type, req.remoteStartId);
      return done({ status: start ? 'Accepted' : 'Rejected' } satisfies Res<'RequestStartTransaction'>, start);
    }
    case 'RequestStopTransaction': {
      const stop = s.remoteStop(asReq(payload, 'RequestStopTransaction').transactionId);
      return done({ status: stop ? 'Accepted' : 'Rejected' } satisfies Res<'RequestStopTransaction'>, stop);
    }
    case 'UnlockConnector': {
      const req = asReq(payload, 'UnlockConnector');
      const c = s.connector(req.evseId);
      if (!c || req.connectorId !== 1) return done({ status: 'UnknownConnector' } satisfies Res<'UnlockConnector'>);
      if (c.tx) return done({ status: 'OngoingAuthorizedTransaction' } satisfies Res<'UnlockConnector'>);
      return done({ status: 'Unlocked' } satisfies Res<'UnlockConnector'>, () => s.unlock(c, false));
    }
    case 'ChangeAvailability': {
      const req = asReq(payload, 'ChangeAvailability');
      const evseId = req.evse?.id ?? 0;
      if (evseId !== 0 && !s.connector(evseId)) return done({ status: 'Rejected' } satisfies Res<'ChangeAvailability'>);
      return done({ status: s.changeAvailability(evseId, req.operationalStatus === 'Operative') } satisfies Res<'ChangeAvailability'>);
    }
    case 'GetVariables':
      return done(getVariables(s, asReq(payload, 'GetVariables')));
    case 'SetVariables':
      return done(setVariables(s, asReq(payload, 'SetVariables')));
    case 'TriggerMessage':
      return trigger(s, p, asReq(payload, 'TriggerMessage'));
    case 'ClearCache':
      return done({ status: 'Accepted' } satisfies V201CommandResponse<'ClearCache'>);
    case 'DataTransfer': {
      const req = asReq(payload, 'DataTransfer');
      return done(answerDataTransfer({ vendorId: req.vendorId, data: req.data }));
    }
    case 'SendLocalList':
    case 'GetLocalListVersion':
      return done(answerV201LocalList(s, action, payload));
    case 'CertificateSigned':
    case 'InstallCertificate':
    case 'GetInstalledCertificateIds':
    case 'DeleteCertificate':
    case 'SetNetworkProfile':
      return answerV201Security(s, action, payload);
    default:
      throw new OcppError('NotSupported', `${action} is not supported by this station`);
  }
}
