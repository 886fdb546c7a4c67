import { isIPv4 } from 'node:net';

/** An IPv4 range given as CIDR; nodes get addresses from it in DNS mode. */
export interface AddressRange {
  cidr: string;
  /** First and last usable address, as 32-bit numbers (network and broadcast addresses left out). */
  first: number;
  last: number;
}

/** 127.0.0.0/8 is all loopback on Linux: any of it can be bound without privileges. */
export const DEFAULT_NODE_ADDRESS_RANGE = '127.77.0.0/16';

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses "127.77.0.0/16"; throws with a message for anything else. */
export function parseAddressRange(cidr: string): AddressRange {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr.trim());
  const bits = m ? Number(m[2]) : -1;
  if (!m || !isIPv4(m[1]) || bits < 8 || bits > 32) throw new Error(`invalid address range "${cidr}" (an IPv4 CIDR such as ${DEFAULT_NODE_ADDRESS_RANGE}, /8 to /32)`);
  const size = 2 ** (32 - bits);
  const network = Math.floor(toNumber(m[1]) / size) * size;
  // Network and broadcast addresses are skipped where the range has room for them.
  const [first, last] = size > 2 ? [network + 1, network + size - 2] : [network, network + size - 1];
  return { cidr: `${toAddress(network)}/${bits}`, first, last };
}

/**
 * Hands each cache node its own address from the range. A node keeps the address stored in its
 * record (so names and addresses survive restarts); new nodes get the lowest address that no
 * record and no running node holds.
 */
export class NodeAddresses {
  /** Addresses handed out in this run, by owner, until the owner's record carries them. */
  private readonly reserved = new Map<string, string>();

  constructor(
    readonly range: AddressRange,
    /** Addresses stored in node records now, with their owners. */
    private readonly stored: () => Iterable<[owner: string, address: string]>,
  ) {}

  contains(address: string): boolean {
    if (!isIPv4(address)) return false;
    const n = toNumber(address);
    return n >= this.range.first && n <= this.range.last;
  }

  /** The address of owner: its reserved or stored one (preferred) if still its own, else the lowest free one. */
  allocate(owner: string, preferred: string | null): string {
    const mine = this.reserved.get(owner);
    if (mine) return mine;
    const taken = new Set<string>();
    for (const [o, a] of this.reserved) if (o !== owner) taken.add(a);
    for (const [o, a] of this.stored()) if (o !== owner) taken.add(a);
    let chosen: string | undefined;
    if (preferred !== null && this.contains(preferred) && !taken.has(preferred)) chosen = preferred;
    for (let n = this.range.first; chosen === undefined && n <= this.range.last; n++) {
      const a = toAddress(n);
      if (!taken.has(a)) chosen = a;
    }
    if (chosen === undefined) throw new Error(`no free node address left in ${this.range.cidr}`);
    this.reserved.set(owner, chosen);
    return chosen;
  }

  release(owner: string): void {
    this.reserved.delete(owner);
  }

  clear(): void {
    this.reserved.clear();
  }
}
