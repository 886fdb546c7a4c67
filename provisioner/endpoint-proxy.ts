import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ProxyTarget {
  host: string;
  port: number;
}

/**
 * A group endpoint (primary or reader): a real listener that forwards each client connection to
 * the node the endpoint resolves to at connect time, as a DNS name would. Moving the endpoint
 * (failover) closes the connections it had, as a failover does.
 */
export class EndpointProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly resolve: () => ProxyTarget | null) {}

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (client) => this.forward(client));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        this.server = server;
        const addr = server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve(this.port);
      });
    });
  }

  private forward(client: Socket): void {
    const target = this.resolve();
    if (!target) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: target.host, port: target.port, noDelay: true });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Drops every forwarded connection (the endpoint now points elsewhere). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
