import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-chargewatch-signature';

/**
 * Signs a webhook body: HMAC-SHA256 with the endpoint's secret over `<t>.<raw body>`, where `t` is the
 * send time in Unix seconds. The time is inside what is signed, so a receiver that refuses old `t`
 * values cannot be fed a captured request again.
 */
export function signWebhook(secret: string, rawBody: string, timestampS: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampS}.${rawBody}`).digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/**
 * Checks a signature header as a receiver should: the MAC matches the raw body and `t` is within
 * `toleranceS` of the receiver's clock.
 */
export function verifyWebhookSignature(secret: string, rawBody: string, header: string, nowS: number, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => {
    const at = p.indexOf('=');
    return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
  }));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || given === undefined || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, rawBody, t).split('v1=')[1]!, 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
