import type { Client } from './client.ts';
import type { EngineNode } from './engine-node.ts';
import { globMatch } from './glob.ts';

/** Channel and pattern subscriptions of one node, and message delivery. */
export class PubSubHub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();

  constructor(private readonly node: EngineNode) {}

  subscribe(c: Client, channel: string): boolean {
    return add(this.channels, c.channels, c, channel);
  }
  unsubscribe(c: Client, channel: string): boolean {
    return remove(this.channels, c.channels, c, channel);
  }
  psubscribe(c: Client, pattern: string): boolean {
    return add(this.patterns, c.patterns, c, pattern);
  }
  punsubscribe(c: Client, pattern: string): boolean {
    return remove(this.patterns, c.patterns, c, pattern);
  }
  ssubscribe(c: Client, channel: string): boolean {
    return add(this.shardChannels, c.shardChannels, c, channel);
  }
  sunsubscribe(c: Client, channel: string): boolean {
    return remove(this.shardChannels, c.shardChannels, c, channel);
  }

  /** Delivers to channel then pattern subscribers; returns the number of receivers. */
  publish(channel: string, message: string): number {
    let n = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const c of subs) {
        const w = c.reply;
        const muted = w.muted;
        w.muted = false;
        w.push(3);
        w.bulk('message');
        w.bulk(channel);
        w.bulk(message);
        w.muted = muted;
        this.node.markForFlush(c);
        n++;
      }
    }
    if (this.patterns.size > 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        for (const c of clients) {
          const w = c.reply;
          const muted = w.muted;
          w.muted = false;
          w.push(4);
          w.bulk('pmessage');
          w.bulk(pattern);
          w.bulk(channel);
          w.bulk(message);
          w.muted = muted;
          this.node.markForFlush(c);
          n++;
        }
      }
    }
    return n;
  }

  /** SPUBLISH: shard channels only. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    for (const c of subs) {
      const w = c.reply;
      const muted = w.muted;
      w.muted = false;
      w.push(3);
      w.bulk('smessage');
      w.bulk(channel);
      w.bulk(message);
      w.muted = muted;
      this.node.markForFlush(c);
    }
    return subs.size;
  }

  /** Channels (or shard channels) with subscribers matching an optional glob. */
  activeChannels(shard: boolean, pattern: string | undefined): string[] {
    const out: string[] = [];
    for (const ch of (shard ? this.shardChannels : this.channels).keys()) {
      if (pattern === undefined || globMatch(pattern, ch)) out.push(ch);
    }
    return out;
  }

  numSub(shard: boolean, channel: string): number {
    return (shard ? this.shardChannels : this.channels).get(channel)?.size ?? 0;
  }

  removeClient(c: Client): void {
    for (const ch of [...c.channels]) this.unsubscribe(c, ch);
    for (const p of [...c.patterns]) this.punsubscribe(c, p);
    for (const ch of [...c.shardChannels]) this.sunsubscribe(c, ch);
  }
}

function add(index: Map<string, Set<Client>>, own: Set<string>, c: Client, name: string): boolean {
  if (own.has(name)) return false;
  own.add(name);
  let set = index.get(name);
  if (!set) index.set(name, (set = new Set()));
  set.add(c);
  return true;
}

function remove(index: Map<string, Set<Client>>, own: Set<string>, c: Client, name: string): boolean {
  if (!own.delete(name)) return false;
  const set = index.get(name);
  if (set) {
    set.delete(c);
    if (set.size === 0) index.delete(name);
  }
  return true;
}
