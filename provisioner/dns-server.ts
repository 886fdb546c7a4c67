import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DnsZone } from './dns-zone.ts';

export interface DnsServerOptions {
  host: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  port: number;
  /** Seconds clients may keep an answer: short, so a failover is seen soon. */
  ttl: number;
}

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const QR = 0x8000;
const AA = 0x0400;
const TC = 0x0200;
const RD = 0x0100;
/** Largest UDP answer without EDNS (RFC 1035); larger ones are truncated so the client asks over TCP. */
const UDP_LIMIT = 512;
/** The largest UDP answer we send to a client that announced a larger buffer (EDNS). */
const EDNS_PAYLOAD = 1232;
const TCP_IDLE_MS = 10_000;

/**
 * The embedded DNS server of DNS mode: authoritative for the zone's names over UDP and TCP, on one
 * address and port. Every question is answered from the records at that moment; anything that is
 * not a well-formed query gets FORMERR or nothing, never an exception.
 */
export class DnsServer {
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private readonly connections = new Set<Socket>();
  host = '';
  port = 0;

  constructor(
    private readonly zone: DnsZone,
    private readonly options: DnsServerOptions,
  ) {}

  async listen(): Promise<{ host: string; port: number }> {
    // With port 0 the UDP port is picked first; TCP may find it taken, then both try again.
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(this.options.port);
      try {
        this.tcp = await this.bindTcp(udp.address().port);
      } catch (e) {
        udp.close();
        if (this.options.port !== 0 || attempt >= 10 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        continue;
      }
      this.udp = udp;
      this.host = this.options.host;
      this.port = udp.address().port;
      return { host: this.host, port: this.port };
    }
  }

  private bindUdp(port: number): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const udp = createSocket(isIPv6(this.options.host) ? 'udp6' : 'udp4');
      udp.once('error', reject);
      udp.bind(port, this.options.host, () => {
        udp.off('error', reject);
        udp.on('error', (e) => process.emitWarning(`dns: UDP error: ${e.message}`));
        udp.on('message', (msg, from) => {
          const reply = this.answer(msg, 'udp');
          if (reply) udp.send(reply, from.port, from.address);
        });
        resolve(udp);
      });
    });
  }

  private bindTcp(port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.serveTcp(socket));
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (e) => process.emitWarning(`dns: TCP error: ${e.message}`));
        resolve(server);
      });
    });
  }

  /** DNS over TCP: each message has a two-byte length prefix; several may share a connection. */
  private serveTcp(socket: Socket): void {
    this.connections.add(socket);
    let buffered = Buffer.alloc(0);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const reply = this.answer(buffered.subarray(2, 2 + length), 'tcp');
        buffered = buffered.subarray(2 + length);
        if (!reply) {
          socket.destroy();
          return;
        }
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        socket.write(Buffer.concat([prefix, reply]));
      }
    });
  }

  /** The reply to one message, or null when it deserves none (too short to carry an id, or not a query). */
  private answer(message: Buffer, transport: 'udp' | 'tcp'): Buffer | null {
    if (message.length < 12) return null;
    const id = message.readUInt16BE(0);
    const flags = message.readUInt16BE(2);
    if (flags & QR) return null;
    const opcode = (flags >> 11) & 0xf;
    const header = (rcode: number, authoritative: boolean) => (opcode << 11) | (flags & RD) | (authoritative ? AA : 0) | rcode;
    try {
      return this.respond(message, transport, id, opcode, header);
    } catch (e) {
      // A name that decodes but cannot be encoded back, or state closing under us: say so, stay up.
      process.emitWarning(`dns: cannot answer a query: ${(e as Error).message}`);
      return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.SERVFAIL, false), questions: [] });
    }
  }

  private respond(message: Buffer, transport: 'udp' | 'tcp', id: number, opcode: number, header: (rcode: number, authoritative: boolean) => number): Buffer {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.FORMERR, false), questions: [] });
    }
    if (opcode !== 0) return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.NOTIMP, false), questions: query.questions ?? [] });
    const questions = query.questions ?? [];
    if (questions.length !== 1) return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.FORMERR, false), questions });
    const question = questions[0];
    const result = question.class === 'IN' || question.class === 'ANY' ? this.zone.lookup(question.name) : ({ kind: 'refused' } as const);
    if (result.kind === 'refused') return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.REFUSED, false), questions });
    const soa: dnsPacket.Answer = {
      type: 'SOA',
      name: this.zone.naming.suffix,
      ttl: this.options.ttl,
      data: { mname: `ns.${this.zone.naming.suffix}`, rname: `hostmaster.${this.zone.naming.suffix}`, serial: 1, refresh: 60, retry: 60, expire: 600, minimum: this.options.ttl },
    };
    if (result.kind === 'nxdomain') return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.NXDOMAIN, true), questions, authorities: [soa] });
    // The names hold A records only: other types get an empty answer (NODATA) with the SOA.
    const answers: dnsPacket.Answer[] =
      question.type === 'A' || (question.type as string) === 'ANY' ? result.addresses.map((a) => ({ type: 'A', name: question.name, ttl: this.options.ttl, data: a })) : [];
    const additionals = ednsOf(query) ? [ednsReply()] : [];
    const reply = dnsPacket.encode({ type: 'response', id, flags: header(RCODE.NOERROR, true), questions, answers, authorities: answers.length ? [] : [soa], additionals });
    if (transport === 'udp' && reply.length > udpLimit(query)) {
      return dnsPacket.encode({ type: 'response', id, flags: header(RCODE.NOERROR, true) | TC, questions, additionals });
    }
    return reply;
  }

  async close(): Promise<void> {
    for (const s of this.connections) s.destroy();
    this.connections.clear();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = null;
    this.tcp = null;
    udp?.close();
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
}

function ednsOf(query: dnsPacket.DecodedPacket): dnsPacket.OptAnswer | undefined {
  return query.additionals?.find((a): a is dnsPacket.OptAnswer => a.type === 'OPT');
}

/** Our EDNS record, sent back to a client that sent one (RFC 6891). */
function ednsReply(): dnsPacket.OptAnswer {
  return { type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
}

/** The UDP payload the client accepts: its EDNS size when it sent one, else 512 bytes. */
function udpLimit(query: dnsPacket.DecodedPacket): number {
  const opt = ednsOf(query);
  return opt ? Math.min(Math.max(opt.udpPayloadSize, UDP_LIMIT), EDNS_PAYLOAD) : UDP_LIMIT;
}
