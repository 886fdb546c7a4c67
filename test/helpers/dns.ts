import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect, createConnection, type LookupFunction } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { StandaloneConnector } from 'ioredis/built/connectors/index.js';
import type { StandaloneConnectionOptions } from 'ioredis/built/connectors/StandaloneConnector.js';
import type { Emulator } from '../../bin/emulator.ts';

/** A resolver that asks only the emulator's DNS server (over UDP, as getaddrinfo would). */
export function dnsResolver(em: Emulator): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`${em.dns!.host}:${em.dns!.port}`]);
  return resolver;
}

/** A `lookup` for net.connect that resolves through the resolver, asking again on every connect. */
export function lookupVia(resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver.resolve4(hostname).then(
      (addresses) => {
        if (options.all) callback(null, addresses.map((address) => ({ address, family: 4 })));
        else callback(null, addresses[0], 4);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
    );
  };
}

/** An ioredis Connector that connects by host name through `lookup` (ioredis passes no lookup of its own). */
export function connectorVia(lookup: LookupFunction) {
  return class ResolvingConnector extends StandaloneConnector {
    constructor(options: unknown) {
      super(options as StandaloneConnectionOptions);
    }

    override connect(): Promise<ReturnType<typeof createConnection>> {
      this.connecting = true;
      const stream = createConnection({ host: this.options.host, port: this.options.port!, lookup });
      this.stream = stream;
      stream.once('error', (err) => {
        this.firstError = err;
      });
      return Promise.resolve(stream);
    }
  };
}

/** One question over DNS-over-TCP (length-prefixed); resolves with the decoded answer. */
export function queryTcp(port: number, name: string, type: 'A' | 'AAAA' = 'A'): Promise<dnsPacket.DecodedPacket & { rcode?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    socket.on('connect', () => socket.write(dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] })));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        socket.destroy();
        resolve(dnsPacket.decode(data.subarray(2)));
      }
    });
    socket.on('error', reject);
  });
}

/** Sends raw bytes over UDP; resolves with the reply, or null when none comes within waitMs. */
export function sendUdp(port: number, bytes: Buffer, waitMs = 300): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, waitMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(bytes, port, '127.0.0.1');
  });
}
