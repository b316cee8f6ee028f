/** The vendor id the simulator answers DataTransfer for; anything else is UnknownVendorId, as on a real station. */
export const SIM_VENDOR_ID = 'chargewatch-sim';

/** Answers DataTransfer the same way in both versions: the simulator's vendor id echoes the data back. */
export function answerDataTransfer(req: { vendorId: string; data?: unknown }): { status: 'Accepted' | 'UnknownVendorId'; data?: unknown } {
  if (req.vendorId !== SIM_VENDOR_ID) return { status: 'UnknownVendorId' };
  return req.data === undefined ? { status: 'Accepted' } : { status: 'Accepted', data: req.data };
}
