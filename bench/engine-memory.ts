/**
 * Engine memory: the same data set, loaded with pipelined RESP, in one engine node (its own
 * process: RSS and V8 heap after a full GC) and in redis-server (INFO used_memory and RSS).
 */
import {
  alternate,
  fmt,
  fmtRatio,
  median,
  mib,
  ratio,
  table,
  which,
  type BenchContext,
  type BenchResult,
  type Benchmark,
} from './harness.ts';
import { encodeCommand, parseInfo, RespConnection } from './resp.ts';
import { engineNodeCommand, redisServerCommand, rssOf, startEngineNode, startRedisServer } from './servers.ts';

const STRINGS = 1_000_000;
const HASHES = 100_000;
const HASH_FIELDS = 10;
const ZSET_MEMBERS = 1_000_000;
const ZADD_BATCH = 1_000;
const KEYS = STRINGS + HASHES + 1;
/** Commands per pipelined write, and writes sent ahead of their replies: enough to keep a server busy, few enough to keep its input buffer small. */
const PIPELINE = 10_000;
const IN_FLIGHT = 4;

const DATA_SET =
  `${fmt(STRINGS)} strings (\`SET key:<i> value:<i>\`), ${fmt(HASHES)} hashes of ${HASH_FIELDS} fields (\`HSET hash:<i> field:<j> <i>:<j> ...\`), ` +
  `one sorted set of ${fmt(ZSET_MEMBERS)} members (\`ZADD zset <i> member:<i> ...\`, ${fmt(ZADD_BATCH)} members per command)`;

interface Batch {
  payload: Buffer;
  count: number;
}

/** Loaded in this order, memory measured after each, so each type's cost shows on its own. */
const PARTS = ['strings', 'hashes', 'sorted set'] as const;
type Part = (typeof PARTS)[number];

/** The data set as pipelined RESP, PIPELINE commands per buffer; built once, outside any timing. */
function dataSet(): Map<Part, Batch[]> {
  const out = new Map<Part, Batch[]>();
  const encode = (commands: Iterable<Array<string | number>>): Batch[] => {
    const batches: Batch[] = [];
    let parts: string[] = [];
    const flush = () => {
      batches.push({ payload: Buffer.from(parts.join('')), count: parts.length });
      parts = [];
    };
    for (const args of commands) {
      parts.push(encodeCommand(args));
      if (parts.length === PIPELINE) flush();
    }
    if (parts.length) flush();
    return batches;
  };
  out.set(
    'strings',
    encode(
      (function* () {
        for (let i = 0; i < STRINGS; i++) yield ['SET', `key:${i}`, `value:${i}`];
      })(),
    ),
  );
  out.set(
    'hashes',
    encode(
      (function* () {
        for (let i = 0; i < HASHES; i++) {
          const args: Array<string | number> = ['HSET', `hash:${i}`];
          for (let j = 0; j < HASH_FIELDS; j++) args.push(`field:${j}`, `${i}:${j}`);
          yield args;
        }
      })(),
    ),
  );
  out.set(
    'sorted set',
    encode(
      (function* () {
        for (let i = 0; i < ZSET_MEMBERS; i += ZADD_BATCH) {
          const args: Array<string | number> = ['ZADD', 'zset'];
          for (let j = i; j < i + ZADD_BATCH; j++) args.push(j, `member:${j}`);
          yield args;
        }
      })(),
    ),
  );
  return out;
}

let cached: Map<Part, Batch[]> | null = null;

/**
 * Loads the data set part by part, IN_FLIGHT buffers ahead of the replies, calling `measure`
 * after each part; returns the seconds spent sending (measuring excluded).
 */
async function load(port: number, measure: (part: Part) => Promise<void>): Promise<number> {
  cached ??= dataSet();
  const c = await RespConnection.open(port);
  try {
    let seconds = 0;
    for (const [part, batches] of cached) {
      const started = performance.now();
      const inFlight: Array<Promise<Error | null>> = [];
      const settle = async () => {
        const error = await inFlight.shift()!;
        if (error) throw new Error(`loading ${part} failed: ${error.message}`);
      };
      for (const b of batches) {
        inFlight.push(c.pipeline(b.payload, b.count));
        if (inFlight.length >= IN_FLIGHT) await settle();
      }
      while (inFlight.length) await settle();
      seconds += (performance.now() - started) / 1000;
      await measure(part);
    }
    const size = await c.call(['DBSIZE']);
    if (size !== KEYS) throw new Error(`DBSIZE is ${String(size)} after loading, expected ${KEYS}`);
    return seconds;
  } finally {
    c.close();
  }
}

interface OurMemory {
  emptyRss: number;
  emptyHeap: number;
  rss: number;
  heapUsed: number;
  external: number;
  /** Heap used after each part (after a full GC): growth per part is that type's cost. */
  heapAfter: Map<Part, number>;
  loadSeconds: number;
}

interface RedisMemory {
  emptyUsed: number;
  used: number;
  rss: number;
  usedAfter: Map<Part, number>;
  loadSeconds: number;
}

async function measureEngine(): Promise<OurMemory> {
  const node = await startEngineNode();
  try {
    const empty = await node.memory();
    const heapAfter = new Map<Part, number>();
    const loadSeconds = await load(node.port, async (part) => void heapAfter.set(part, (await node.memory()).heapUsed));
    const full = await node.memory();
    return { emptyRss: empty.rss, emptyHeap: empty.heapUsed, rss: full.rss, heapUsed: full.heapUsed, external: full.external, heapAfter, loadSeconds };
  } finally {
    await node.stop();
  }
}

async function usedMemory(port: number): Promise<number> {
  const c = await RespConnection.open(port);
  try {
    return Number(parseInfo(String(await c.call(['INFO', 'memory']))).get('used_memory'));
  } finally {
    c.close();
  }
}

async function measureRedis(): Promise<RedisMemory> {
  const server = await startRedisServer();
  try {
    const emptyUsed = await usedMemory(server.port);
    const usedAfter = new Map<Part, number>();
    const loadSeconds = await load(server.port, async (part) => void usedAfter.set(part, await usedMemory(server.port)));
    return { emptyUsed, used: await usedMemory(server.port), rss: rssOf(server.pid), usedAfter, loadSeconds };
  } finally {
    await server.stop();
  }
}

/** Growth per part: the measure after it minus the measure before it. */
function growth(after: Map<Part, number>, empty: number): Map<Part, number> {
  const out = new Map<Part, number>();
  let prev = empty;
  for (const part of PARTS) {
    const v = after.get(part)!;
    out.set(part, v - prev);
    prev = v;
  }
  return out;
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const title = 'Engine memory: engine node vs redis-server, same data set';
  if (!which('redis-server')) {
    const why = 'skipped: redis-server not found (apt-get install redis-server)';
    return { title, commands: [], markdown: why, summary: [`engine-memory ${why}`] };
  }
  const results = await alternate<OurMemory | RedisMemory>(ctx, 'engine-memory', [
    { name: 'engine', run: measureEngine },
    { name: 'redis-server', run: measureRedis },
  ]);
  const ours = results.get('engine') as OurMemory[];
  const ref = results.get('redis-server') as RedisMemory[];
  const m = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
  const rss = m(ours, (x) => x.rss);
  const heap = m(ours, (x) => x.heapUsed);
  const used = m(ref, (x) => x.used);
  const refRss = m(ref, (x) => x.rss);
  const rssRatio = ratio(rss, used);
  const dataOurs = m(ours, (x) => x.rss - x.emptyRss);
  const dataRef = m(ref, (x) => x.used - x.emptyUsed);
  const rows = [
    ['engine RSS vs redis-server used_memory (target ≤ 3×)', mib(rss), mib(used), `**${fmtRatio(rssRatio)}**`],
    ['engine V8 heap used vs redis-server used_memory', mib(heap), mib(used), fmtRatio(ratio(heap, used))],
    ['RSS vs RSS', mib(rss), mib(refRss), fmtRatio(ratio(rss, refRss))],
    ['engine external (Buffers) after GC', mib(m(ours, (x) => x.external)), '', ''],
    ['empty server (engine RSS, redis-server used_memory)', mib(m(ours, (x) => x.emptyRss)), mib(m(ref, (x) => x.emptyUsed)), ''],
    ['data only: loaded − empty (same measures)', mib(dataOurs), mib(dataRef), fmtRatio(ratio(dataOurs, dataRef))],
    ...PARTS.map((part) => {
      const o = m(ours, (x) => growth(x.heapAfter, x.emptyHeap).get(part)!);
      const r = m(ref, (x) => growth(x.usedAfter, x.emptyUsed).get(part)!);
      return [`${part} alone: growth of engine heap used vs of used_memory`, mib(o), mib(r), fmtRatio(ratio(o, r))];
    }),
    ['load time, pipelined', `${fmt(m(ours, (x) => x.loadSeconds), 2)} s`, `${fmt(m(ref, (x) => x.loadSeconds), 2)} s`, fmtRatio(ratio(m(ours, (x) => x.loadSeconds), m(ref, (x) => x.loadSeconds)))],
  ];
  const raw = `engine RSS ${ours.map((x) => mib(x.rss)).join(', ')}; heap ${ours.map((x) => mib(x.heapUsed)).join(', ')}; redis-server used_memory ${ref.map((x) => mib(x.used)).join(', ')}; RSS ${ref.map((x) => mib(x.rss)).join(', ')}`;
  const markdown = [
    `Data set: ${DATA_SET}; sent as ${fmt(PIPELINE)}-command pipelined writes, ${IN_FLIGHT} ahead of their replies. Engine figures are process.memoryUsage() after a full GC; medians of ${ctx.rounds} rounds.`,
    '',
    table(['measure', 'engine', 'redis-server', 'ratio'], rows),
    '',
    `Raw per round: ${raw}.`,
    '',
  ].join('\n');
  return {
    title,
    commands: [
      `${engineNodeCommand()}   # ours; memory read over IPC`,
      `${redisServerCommand()}   # reference; INFO memory, /proc/PID/status VmRSS`,
      `# both loaded by bench/engine-memory.ts over one connection: ${DATA_SET}`,
    ],
    markdown,
    summary: [`engine-memory: engine RSS ${mib(rss)} vs redis-server used_memory ${mib(used)}: ${fmtRatio(rssRatio)} (target ≤ 3×)${rssRatio <= 3 ? '' : ', above target'}`],
  };
}

export const engineMemory: Benchmark = {
  name: 'engine-memory',
  description: `${fmt(STRINGS)} strings, ${fmt(HASHES)} hashes, a ${fmt(ZSET_MEMBERS)}-member sorted set: engine RSS/heap vs redis-server used_memory`,
  run,
};
