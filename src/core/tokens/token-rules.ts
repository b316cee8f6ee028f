import { ValidationError } from '../shared/app-error.js';
import { ID_TOKEN_TYPES, TOKEN_STATUSES, type IdTokenType, type NewToken, type TokenPatch, type TokenStatus } from './tokens.js';

/** 2.0.1 IdTokenType.idToken is at most 36 characters. */
export const MAX_TOKEN_LENGTH = 36;
/** 1.6 IdToken (idTag, parentIdTag) is a CiString20: longer tokens cannot be used by 1.6 stations. */
export const MAX_OCPP16_LENGTH = 20;
const MAX_LABEL = 200;
/** OCPP identifier strings are printable ASCII. */
const PRINTABLE = /^[\x20-\x7E]+$/;

/**
 * Per-type shape of the token text (OCPP 2.0.1 IdTokenEnumType). ISO14443, Central and Local only follow
 * the length and character rules: 1.6 idTags of any shape are stored as ISO14443 by default, and central or
 * local ids are free text by definition.
 */
const SHAPES: Partial<Record<IdTokenType, { pattern: RegExp; rule: string }>> = {
  ISO15693: { pattern: /^[0-9A-Fa-f]{16}$/, rule: 'an ISO15693 token is the 8-byte UID as 16 hex digits' },
  KeyCode: { pattern: /^[0-9A-Za-z*#]{4,36}$/, rule: 'a KeyCode is 4 to 36 keypad characters (digits, letters, * and #)' },
  eMAID: {
    pattern: /^[A-Za-z]{2}([-*]?)[A-Za-z0-9]{3}\1[A-Za-z0-9]{9}(?:\1[A-Za-z0-9])?$/,
    rule: 'an eMAID is country (2), provider (3), instance (9) and an optional check character, e.g. DE-8AA-1A2B3C4D5-X (ISO 15118)',
  },
  MacAddress: { pattern: /^[0-9A-Fa-f]{12}$|^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/, rule: 'a MacAddress is 6 bytes as 12 hex digits, optionally separated by : or -' },
};

const LIMITS = {
  maxConcurrentSessions: { max: 100, integer: true },
  monthlySessions: { max: 100_000, integer: true },
  monthlyEnergyKwh: { max: 1_000_000, integer: false },
} as const;

/** A token as stored, after every rule has passed. */
export interface CheckedToken {
  token: string;
  type: IdTokenType;
  status: TokenStatus;
  expiresAt: Date | null;
  groupId: string | null;
  label: string | null;
  driverId: string | null;
  maxConcurrentSessions: number | null;
  monthlyEnergyKwh: number | null;
  monthlySessions: number | null;
}

/** The token text after trimming, checked against the rules of its type; throws ValidationError. */
export function checkTokenText(text: string, type: IdTokenType): string {
  if (type === 'NoAuthorization') throw new ValidationError('a NoAuthorization id token is empty by definition (2.0.1) and cannot be stored', { type });
  const token = text.trim();
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new ValidationError(`an id token is 1 to ${MAX_TOKEN_LENGTH} characters`, { token: text.slice(0, 100) });
  if (!PRINTABLE.test(token)) throw new ValidationError('an id token is printable ASCII only', { token: token.slice(0, 100) });
  const shape = SHAPES[type];
  if (shape && !shape.pattern.test(token)) throw new ValidationError(shape.rule, { token, type });
  return token;
}

/** A known token type; throws ValidationError. */
export function checkType(type: unknown): IdTokenType {
  if (!(ID_TOKEN_TYPES as readonly unknown[]).includes(type)) throw new ValidationError(`type must be one of ${ID_TOKEN_TYPES.join(', ')}`, { type: String(type).slice(0, 100) });
  return type as IdTokenType;
}

/** A known status; throws ValidationError. */
export function checkStatus(status: unknown): TokenStatus {
  if (!TOKEN_STATUSES.includes(status as TokenStatus)) throw new ValidationError(`status must be one of ${TOKEN_STATUSES.join(', ')}`, { status: String(status).slice(0, 100) });
  return status as TokenStatus;
}

/** A date, or null for null; throws ValidationError on text that is not one. */
export function checkDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  const date = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new ValidationError('expiresAt is not a valid date (ISO 8601)', { expiresAt: String(value).slice(0, 100) });
  return date;
}

function checkGroup(groupId: string | null): string | null {
  const group = groupId?.trim() ?? '';
  if (group.length === 0) return null;
  if (group.length > MAX_TOKEN_LENGTH || !PRINTABLE.test(group)) throw new ValidationError(`a group id is 1 to ${MAX_TOKEN_LENGTH} printable characters`, { groupId: group.slice(0, 100) });
  return group;
}

function checkLabel(label: string | null): string | null {
  const text = label?.trim() ?? '';
  if (text.length > MAX_LABEL) throw new ValidationError(`a label has at most ${MAX_LABEL} characters`);
  return text.length ? text : null;
}

function checkLimit(name: keyof typeof LIMITS, value: number | null): number | null {
  if (value === null) return null;
  const rule = LIMITS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    throw new ValidationError(`${name} must be a positive ${rule.integer ? 'whole number' : 'number'} up to ${rule.max}`, { [name]: value });
  }
  return value;
}

/** A new token with every rule applied (type defaults to ISO14443, status to accepted). */
export function checkNewToken(input: NewToken): CheckedToken {
  const type = checkType(input.type ?? 'ISO14443');
  const token = checkTokenText(String(input.token), type);
  const p = checkTokenPatch(input);
  return {
    token, type, status: p.status ?? 'accepted', expiresAt: p.expiresAt ?? null, groupId: p.groupId ?? null, label: p.label ?? null, driverId: p.driverId ?? null,
    maxConcurrentSessions: p.maxConcurrentSessions ?? null, monthlyEnergyKwh: p.monthlyEnergyKwh ?? null, monthlySessions: p.monthlySessions ?? null,
  };
}

/** Changes to a token with every rule applied; fields not given stay undefined. */
export function checkTokenPatch(patch: TokenPatch): Partial<Omit<CheckedToken, 'token' | 'type'>> {
  const out: Partial<Omit<CheckedToken, 'token' | 'type'>> = {};
  if (patch.status !== undefined) out.status = checkStatus(patch.status);
  if (patch.expiresAt !== undefined) out.expiresAt = checkDate(patch.expiresAt);
  if (patch.groupId !== undefined) out.groupId = checkGroup(patch.groupId);
  if (patch.label !== undefined) out.label = checkLabel(patch.label);
  if (patch.driverId !== undefined) out.driverId = patch.driverId === null || patch.driverId === '' ? null : String(patch.driverId);
  for (const name of ['maxConcurrentSessions', 'monthlyEnergyKwh', 'monthlySessions'] as const) {
    if (patch[name] !== undefined) out[name] = checkLimit(name, patch[name]);
  }
  return out;
}
