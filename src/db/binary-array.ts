/**
 * PostgreSQL arrays in the binary wire format (what array_send writes and array_recv reads), for the one
 * array parameter per column that batched inserts send. Compared with array literals, nothing is escaped
 * or formatted as text on our side, numbers and times are not parsed as text on the server's, and a whole
 * column is one Buffer rather than thousands of short-lived strings (which the garbage collector pays for).
 */

/** The PostgreSQL epoch (2000-01-01 UTC) in Unix epoch ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 2 ** 32;

const textOf = (value: unknown): string => (typeof value === 'string' ? value : String(value));
const jsonOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Strings up to this long are tried as ASCII byte by byte: cheaper than a call into the UTF-8 encoder. */
const ASCII_TRY = 64;

/**
 * Writes a string as UTF-8 and returns its length in bytes; the buffer has room for 3 bytes per UTF-16
 * unit. Most texts here are short ASCII (identities, measurands, units), copied without the encoder.
 */
function writeUtf8(buf: Buffer, offset: number, s: string): number {
  const n = s.length;
  if (n <= ASCII_TRY) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[offset + i] = c;
    }
    if (i === n) return n;
  }
  return buf.write(s, offset);
}

function integerOf(value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${String(value)} is not an integer in [${min}, ${max}]`);
  return n;
}

/** Writes a 32-bit integer big-endian (a Uint8Array store keeps the low 8 bits). */
function int32(buf: Buffer, offset: number, n: number): void {
  buf[offset] = n >>> 24;
  buf[offset + 1] = n >>> 16;
  buf[offset + 2] = n >>> 8;
  buf[offset + 3] = n;
}

/** A time as ms since the Unix epoch: Date, epoch ms, or text Date.parse reads. */
function epochMs(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(textOf(value));
  if (!Number.isFinite(ms)) throw new RangeError(`${String(value)} is not a valid time`);
  return ms;
}

/** The array header: dimensions, whether NULLs follow (set at the end), element type, length, lower bound. */
function header(values: readonly unknown[], oid: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(values.length === 0 ? 12 : size);
  int32(buf, 0, values.length === 0 ? 0 : 1);
  int32(buf, 4, 0);
  int32(buf, 8, oid);
  if (values.length > 0) {
    int32(buf, 12, values.length);
    int32(buf, 16, 1);
  }
  return buf;
}

const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

/*
 * One encoder per element type, each with its own loop: a shared loop calling a per-type writer would see
 * every type at one call site and run slower for all of them. Loops are indexed: a for-of loop allocates an
 * iterator result per element until the function is optimised, and an allocation profile of the ingest
 * bench found these loops among the largest allocators.
 */

/** Texts in one pass, into a buffer sized for the most they can take; the array is the part written. */
function texts(oid: number, values: readonly unknown[], json = false): Buffer {
  const strings = values.map((v) => (isNull(v) ? null : json ? jsonOf(v) : textOf(v)));
  let size = 20;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    size += s === null ? 4 : 4 + (json ? 1 : 0) + 3 * s.length;
  }
  const buf = header(values, oid, size);
  if (values.length === 0) return buf;
  let offset = 20;
  let nulls = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    if (s === null) {
      int32(buf, offset, -1);
      nulls = 1;
      offset += 4;
    } else if (json) {
      buf[offset + 4] = 1; // jsonb binary format version
      const n = 1 + writeUtf8(buf, offset + 5, s);
      int32(buf, offset, n);
      offset += 4 + n;
    } else {
      const n = writeUtf8(buf, offset + 4, s);
      int32(buf, offset, n);
      offset += 4 + n;
    }
  }
  int32(buf, 4, nulls);
  return offset === buf.length ? buf : buf.subarray(0, offset);
}

/** Fixed-size elements: the buffer is sized exactly (NULLs take only their length word). */
function sized(values: readonly unknown[], oid: number, bytes: number): { buf: Buffer; nulls: number } {
  let nulls = 0;
  for (let i = 0; i < values.length; i++) if (isNull(values[i])) nulls++;
  const buf = header(values, oid, 20 + values.length * 4 + (values.length - nulls) * bytes);
  if (nulls > 0) int32(buf, 4, 1);
  return { buf, nulls };
}

function integers(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 23, 4);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    int32(buf, offset, 4);
    int32(buf, offset + 4, integerOf(v, -2_147_483_648, 2_147_483_647));
    offset += 8;
  }
  return buf;
}

function smallints(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 21, 2);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    const n = integerOf(v, -32_768, 32_767);
    int32(buf, offset, 2);
    buf[offset + 4] = n >>> 8;
    buf[offset + 5] = n;
    offset += 6;
  }
  return buf;
}

function doubles(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 701, 8);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    int32(buf, offset, 8);
    buf.writeDoubleBE(typeof v === 'number' ? v : Number(v), offset + 4);
    offset += 12;
  }
  return buf;
}

/** A bigint element as a BigInt: given as bigint, a safe integer or its decimal text. */
function bigintOf(value: unknown): bigint {
  const n = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
  if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n) throw new RangeError(`${String(value)} is not a 64-bit integer`);
  return n;
}

function bigints(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 20, 8);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    int32(buf, offset, 8);
    buf.writeBigInt64BE(bigintOf(v), offset + 4);
    offset += 12;
  }
  return buf;
}

function booleans(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 16, 1);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    int32(buf, offset, 1);
    buf[offset + 4] = v ? 1 : 0;
    offset += 5;
  }
  return buf;
}

function times(values: readonly unknown[]): Buffer {
  const { buf } = sized(values, 1184, 8);
  let offset = 20;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isNull(v)) {
      int32(buf, offset, -1);
      offset += 4;
      continue;
    }
    // int64 µs since 2000-01-01, written as two 32-bit halves: no BigInt per value. Sub-ms digits are dropped.
    const us = Math.round((epochMs(v) - PG_EPOCH_MS) * 1000);
    const high = Math.floor(us / TWO_32);
    int32(buf, offset, 8);
    int32(buf, offset + 4, high);
    int32(buf, offset + 8, us - high * TWO_32);
    offset += 12;
  }
  return buf;
}

/** The element types batched inserts use, by the name written in the SQL cast. */
const ENCODERS: Readonly<Record<string, (values: readonly unknown[]) => Buffer>> = {
  text: (values) => texts(25, values),
  char: (values) => texts(1042, values),
  bpchar: (values) => texts(1042, values),
  varchar: (values) => texts(1043, values),
  jsonb: (values) => texts(3802, values, true),
  boolean: booleans,
  bool: booleans,
  smallint: smallints,
  int2: smallints,
  integer: integers,
  int: integers,
  int4: integers,
  bigint: bigints,
  int8: bigints,
  float8: doubles,
  timestamptz: times,
};

/** True when `type` (as written in `$n::type[]`) can be sent as a binary array. */
export function hasBinaryArray(type: string): boolean {
  return Object.hasOwn(ENCODERS, type);
}

/**
 * One-dimensional array of `type` in PostgreSQL's binary format; null and undefined are NULL elements.
 * Throws for a type without a codec (see `hasBinaryArray`) or a value the type cannot hold.
 */
export function binaryArray(type: string, values: readonly unknown[]): Buffer {
  const encode = Object.hasOwn(ENCODERS, type) ? ENCODERS[type]! : undefined;
  if (!encode) throw new TypeError(`no binary array format for ${type}`);
  return encode(values);
}
