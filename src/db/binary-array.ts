/**
 * PostgreSQL arrays in the binary wire format (what array_send writes and array_recv reads), for the one
 * array parameter per column that batched inserts send. Compared with array literals, nothing is escaped
 * or formatted as text on our side, numbers and times are not parsed as text on the server's, and a whole
 * column is one Buffer rather than thousands of short-lived strings (which the garbage collector pays for).
 */

/** The PostgreSQL epoch (2000-01-01 UTC) in Unix epoch ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 2 ** 32;

interface ElementCodec {
  oid: number;
  /** Bytes the value takes; fixed-size types ignore the value. */
  size(value: unknown): number;
  write(buf: Buffer, offset: number, value: unknown): void;
}

function fixed(oid: number, bytes: number, write: (buf: Buffer, offset: number, value: unknown) => void): ElementCodec {
  return { oid, size: () => bytes, write };
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : String(value));
const jsonOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function text(oid: number): ElementCodec {
  return {
    oid,
    size: (value) => Buffer.byteLength(textOf(value)),
    write: (buf, offset, value) => void buf.write(textOf(value), offset),
  };
}

function integerOf(value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${String(value)} is not an integer in [${min}, ${max}]`);
  return n;
}

/** A time as ms since the Unix epoch: Date, epoch ms, or text Date.parse reads. */
function epochMs(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(textOf(value));
  if (!Number.isFinite(ms)) throw new RangeError(`${String(value)} is not a valid time`);
  return ms;
}

/** The element types batched inserts use, by the name written in the SQL cast. */
const CODECS: Readonly<Record<string, ElementCodec>> = {
  text: text(25),
  char: text(1042),
  bpchar: text(1042),
  varchar: text(1043),
  jsonb: {
    oid: 3802,
    size: (value) => 1 + Buffer.byteLength(jsonOf(value)),
    write: (buf, offset, value) => {
      buf[offset] = 1; // jsonb binary format version
      buf.write(jsonOf(value), offset + 1);
    },
  },
  boolean: fixed(16, 1, (buf, offset, value) => void (buf[offset] = value ? 1 : 0)),
  bool: fixed(16, 1, (buf, offset, value) => void (buf[offset] = value ? 1 : 0)),
  smallint: fixed(21, 2, (buf, offset, value) => void buf.writeInt16BE(integerOf(value, -32_768, 32_767), offset)),
  int2: fixed(21, 2, (buf, offset, value) => void buf.writeInt16BE(integerOf(value, -32_768, 32_767), offset)),
  integer: fixed(23, 4, (buf, offset, value) => void buf.writeInt32BE(integerOf(value, -2_147_483_648, 2_147_483_647), offset)),
  int: fixed(23, 4, (buf, offset, value) => void buf.writeInt32BE(integerOf(value, -2_147_483_648, 2_147_483_647), offset)),
  int4: fixed(23, 4, (buf, offset, value) => void buf.writeInt32BE(integerOf(value, -2_147_483_648, 2_147_483_647), offset)),
  float8: fixed(701, 8, (buf, offset, value) => void buf.writeDoubleBE(Number(value), offset)),
  timestamptz: fixed(1184, 8, (buf, offset, value) => {
    // int64 µs since 2000-01-01, written as two 32-bit halves: no BigInt per value. Sub-ms digits are dropped.
    const us = Math.round((epochMs(value) - PG_EPOCH_MS) * 1000);
    const high = Math.floor(us / TWO_32);
    buf.writeInt32BE(high, offset);
    buf.writeUInt32BE(us - high * TWO_32, offset + 4);
  }),
};

/** True when `type` (as written in `$n::type[]`) can be sent as a binary array. */
export function hasBinaryArray(type: string): boolean {
  return Object.hasOwn(CODECS, type);
}

/**
 * One-dimensional array of `type` in PostgreSQL's binary format; null and undefined are NULL elements.
 * Throws for a type without a codec (see `hasBinaryArray`) or a value the type cannot hold.
 */
export function binaryArray(type: string, values: readonly unknown[]): Buffer {
  const codec = Object.hasOwn(CODECS, type) ? CODECS[type]! : undefined;
  if (!codec) throw new TypeError(`no binary array format for ${type}`);
  let size = values.length === 0 ? 12 : 20;
  let nulls = 0;
  const sizes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls = 1;
    else size += sizes[i] = codec.size(v);
    size += 4;
  }
  const buf = Buffer.allocUnsafe(size);
  buf.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  buf.writeInt32BE(nulls, 4);
  buf.writeInt32BE(codec.oid, 8);
  if (values.length === 0) return buf;
  buf.writeInt32BE(values.length, 12);
  buf.writeInt32BE(1, 16);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      buf.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    const n = sizes[i]!;
    buf.writeInt32BE(n, offset);
    codec.write(buf, offset + 4, v);
    offset += 4 + n;
  }
  return buf;
}
