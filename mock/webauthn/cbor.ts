/**
 * A minimal CBOR (RFC 8949) reader for what WebAuthn registration carries: the attestation object and the COSE public
 * key inside it. Definite lengths only (WebAuthn requires canonical CBOR); tags are read through to their content.
 */

export type CborValue = number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

export class CborError extends Error {
  override name = 'CborError';
}

const MAX_DEPTH = 16;

interface CborRead {
  value: CborValue;
  /** Offset just after the value: authData embeds a COSE key whose end must be known. */
  end: number;
}

/** Decodes the first CBOR item of `bytes` starting at `offset`. */
export function readCbor(bytes: Uint8Array, offset = 0): CborRead {
  const reader = new Reader(bytes, offset);
  const value = reader.item(0);
  return { value, end: reader.offset };
}

/** Decodes `bytes` as exactly one CBOR item. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const { value, end } = readCbor(bytes);
  if (end !== bytes.length) throw new CborError(`${bytes.length - end} trailing bytes after the CBOR item`);
  return value;
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  item(depth: number): CborValue {
    if (depth > MAX_DEPTH) throw new CborError('CBOR nesting is too deep');
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simple(info);
    const argument = this.argument(info);
    switch (major) {
      case 0:
        return argument;
      case 1:
        return typeof argument === 'bigint' ? -1n - argument : -1 - argument;
      case 2:
        return this.take(this.length(argument)).slice();
      case 3:
        return this.text(this.take(this.length(argument)));
      case 4:
        return Array.from({ length: this.length(argument) }, () => this.item(depth + 1));
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let index = this.length(argument); index > 0; index--) {
          const key = this.item(depth + 1);
          map.set(key, this.item(depth + 1));
        }
        return map;
      }
      default:
        return this.item(depth + 1);
    }
  }

  private text(bytes: Uint8Array): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new CborError('CBOR text is not valid UTF-8');
    }
  }

  private simple(info: number): CborValue {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    if (info === 26) return new DataView(this.take(4).slice().buffer).getFloat32(0);
    if (info === 27) return new DataView(this.take(8).slice().buffer).getFloat64(0);
    throw new CborError(`unsupported CBOR simple value ${info}`);
  }

  private argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) return (this.byte() << 8) | this.byte();
    if (info === 26) return new DataView(this.take(4).slice().buffer).getUint32(0);
    if (info === 27) {
      const value = new DataView(this.take(8).slice().buffer).getBigUint64(0);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    throw new CborError('indefinite or reserved CBOR lengths are not allowed');
  }

  private length(argument: number | bigint): number {
    if (typeof argument === 'bigint' || argument > this.bytes.length - this.offset) {
      throw new CborError('CBOR length runs past the end of the data');
    }
    return argument;
  }

  private byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new CborError('CBOR data ends unexpectedly');
    this.offset += 1;
    return value;
  }

  private take(count: number): Uint8Array {
    if (this.offset + count > this.bytes.length) throw new CborError('CBOR data ends unexpectedly');
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }
}
