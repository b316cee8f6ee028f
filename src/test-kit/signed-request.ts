import type { FastifyInstance } from 'fastify';
import { signWebhook } from '../core/notifications/index.js';

/** What a signed POST answered. */
export interface SignedAnswer {
  status: number;
  body: { error?: { code: string } } & Record<string, unknown>;
}

/**
 * POSTs `body` (sent as these exact bytes) to a signed integration endpoint, as a camera system would:
 * `X-Chargewatch-Signature: t=<atS>,v1=<HMAC>` with `secret`, or the header given in `signature`.
 */
export async function signedPost(fastify: FastifyInstance, url: string, body: string, auth: { secret: string; atS: number } | { signature?: string }): Promise<SignedAnswer> {
  const signature = 'secret' in auth ? signWebhook(auth.secret, body, auth.atS) : auth.signature;
  const res = await fastify.inject({
    method: 'POST', url, payload: body,
    headers: { 'content-type': 'application/json', ...(signature !== undefined ? { 'x-chargewatch-signature': signature } : {}) },
  });
  return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : {}) as SignedAnswer['body'] };
}
