/** What INFO replication and ROLE report, field for field as Redis 7.0 prints them. */
import type { Client } from '../client.ts';
import type { EngineNode } from '../engine-node.ts';
import type { ReplicaPeer } from './primary-side.ts';
import { monotonicMs } from './replication.ts';

/** The address a replica is known by: the one it announced, else its connection's. */
function replicaAddress(c: Client, peer: ReplicaPeer): string {
  if (peer.announcedIp) return peer.announcedIp;
  const ip = c.socket?.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** repl_state's name in ROLE. */
function linkStateName(node: EngineNode): string {
  const link = node.replication.link;
  if (!link) return 'connect';
  switch (link.state) {
    case 'transfer':
      return 'sync';
    default:
      return link.state;
  }
}

export function replicationInfo(node: EngineNode): Array<[string, string | number]> {
  const repl = node.replication;
  const now = monotonicMs();
  const primary = node.primary;
  const lines: Array<[string, string | number]> = [['role', primary ? 'slave' : 'master']];
  if (primary) {
    const link = repl.link;
    const up = repl.linkUp;
    lines.push(
      ['master_host', primary.host],
      ['master_port', primary.port],
      ['master_link_status', up ? 'up' : 'down'],
      ['master_last_io_seconds_ago', up ? Math.floor((now - link!.lastIo) / 1000) : -1],
      ['master_sync_in_progress', link?.state === 'transfer' ? 1 : 0],
      ['slave_read_repl_offset', up ? link!.readOffset : repl.offset],
      ['slave_repl_offset', repl.offset],
    );
    if (link?.state === 'transfer') {
      const size = link.transferSize;
      lines.push(
        ['master_sync_total_bytes', size],
        ['master_sync_read_bytes', link.transferRead],
        ['master_sync_left_bytes', size - link.transferRead],
        ['master_sync_perc', (size !== 0 ? (link.transferRead / size) * 100 : 0).toFixed(2)],
        ['master_sync_last_io_seconds_ago', Math.floor((now - link.lastIo) / 1000)],
      );
    }
    if (!up) lines.push(['master_link_down_since_seconds', repl.downSince ? Math.floor((now - repl.downSince) / 1000) : -1]);
    lines.push(
      ['slave_priority', node.config.int('replica-priority')],
      ['slave_read_only', node.config.bool('replica-read-only') ? 1 : 0],
      ['replica_announced', node.config.bool('replica-announced') ? 1 : 0],
    );
  }
  const replicas = repl.primarySide.replicas;
  lines.push(['connected_slaves', replicas.size]);
  let id = 0;
  for (const [c, peer] of replicas) {
    const lag = peer.state === 'online' ? Math.floor((now - peer.ackTime) / 1000) : 0;
    lines.push([`slave${id++}`, `ip=${replicaAddress(c, peer)},port=${peer.listeningPort},state=${peer.state},offset=${peer.ackOffset},lag=${lag}`]);
  }
  const backlog = repl.backlog;
  lines.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', repl.replid],
    ['master_replid2', repl.replid2],
    ['master_repl_offset', repl.offset],
    ['second_repl_offset', repl.secondReplOffset],
    ['repl_backlog_active', backlog ? 1 : 0],
    ['repl_backlog_size', backlog ? backlog.size : Math.max(16384, node.config.int('repl-backlog-size'))],
    ['repl_backlog_first_byte_offset', backlog ? backlog.firstByteOffset : 0],
    ['repl_backlog_histlen', backlog ? backlog.histlen : 0],
  );
  return lines;
}

/** ROLE: ["master", offset, [[ip, port, ack offset], ...]] or ["slave", host, port, state, offset]. */
export function roleReply(c: Client): void {
  const node = c.node;
  const repl = node.replication;
  const primary = node.primary;
  if (primary) {
    c.reply.array(5);
    c.reply.bulk('slave');
    c.reply.bulk(primary.host);
    c.reply.int(primary.port);
    c.reply.bulk(linkStateName(node));
    c.reply.int(repl.linkUp ? repl.offset : -1);
    return;
  }
  c.reply.array(3);
  c.reply.bulk('master');
  c.reply.int(repl.offset);
  const online = [...repl.primarySide.replicas].filter(([, peer]) => peer.state === 'online');
  c.reply.array(online.length);
  for (const [rc, peer] of online) {
    c.reply.array(3);
    c.reply.bulk(replicaAddress(rc, peer));
    c.reply.bulk(String(peer.listeningPort));
    c.reply.bulk(String(peer.ackOffset));
  }
}
