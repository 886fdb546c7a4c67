import type { TypedValue } from '../keyspace.ts';

const MAX_LEVEL = 32;
/** Listpack limits Redis uses when nothing else is known (zset-max-listpack-entries/value defaults). */
const DEFAULT_LISTPACK_ENTRIES = 128;
const DEFAULT_LISTPACK_VALUE = 64;

/**
 * A skiplist node: one member with its score. Levels 0 and 1 (the forward links nearly every
 * node has: one node in sixteen has more) are fields of the node; the links of higher levels sit
 * in one array of [next, span] pairs. A search step at the low levels, where the nodes are many
 * and rarely in cache, then touches one object instead of a node and its arrays.
 */
export class ZNode {
  // Fields are assigned in the constructor in this order, which is their order in memory: what a
  // search step reads (score, then the level-0/1 links) comes first, within one cache line.
  score: number;
  forward: ZNode | null;
  span0: number;
  forward1: ZNode | null;
  span1: number;
  member: string;
  backward: ZNode | null;
  /** Levels 2.. as [next2, span2, next3, span3, ...]; null for a node of level 1 or 2. */
  up: Array<ZNode | null | number> | null;
  /** Insertion sequence number: ZSCAN walks members in this order, which never reshuffles. */
  id: number;
  /** 1 or 2 for a node without `up`. */
  private readonly low: number;

  constructor(member: string, score: number, level: number) {
    this.score = score;
    this.forward = null;
    this.span0 = 0;
    this.forward1 = null;
    this.span1 = 0;
    this.member = member;
    this.backward = null;
    this.id = 0;
    if (level <= 2) {
      this.up = null;
      this.low = level;
    } else {
      const up = new Array<ZNode | null | number>(2 * (level - 2));
      for (let i = 0; i < up.length; i += 2) {
        up[i] = null;
        up[i + 1] = 0;
      }
      this.up = up;
      this.low = 2;
    }
  }

  get level(): number {
    return this.up === null ? this.low : (this.up.length >> 1) + 2;
  }

  /** Unlinked from every level (before it is linked again at a new score). */
  clearLinks(): void {
    this.forward = null;
    this.span0 = 0;
    this.forward1 = null;
    this.span1 = 0;
    const up = this.up;
    if (up === null) return;
    for (let i = 0; i < up.length; i += 2) {
      up[i] = null;
      up[i + 1] = 0;
    }
  }
}

function nextAt(x: ZNode, i: number): ZNode | null {
  return i === 0 ? x.forward : i === 1 ? x.forward1 : (x.up![2 * i - 4] as ZNode | null);
}
function spanAt(x: ZNode, i: number): number {
  return i === 0 ? x.span0 : i === 1 ? x.span1 : (x.up![2 * i - 3] as number);
}
function setNext(x: ZNode, i: number, n: ZNode | null): void {
  if (i === 0) x.forward = n;
  else if (i === 1) x.forward1 = n;
  else x.up![2 * i - 4] = n;
}
function setSpan(x: ZNode, i: number, span: number): void {
  if (i === 0) x.span0 = span;
  else if (i === 1) x.span1 = span;
  else x.up![2 * i - 3] = span;
}

/** Scratch arrays for insert/delete paths (single-threaded, never re-entered). */
const update: ZNode[] = new Array<ZNode>(MAX_LEVEL);
const rankAt: number[] = new Array<number>(MAX_LEVEL).fill(0);

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < 0.25) level++;
  return level;
}

/** Whether node n sorts before (score, member); members compare as bytes. */
function before(n: ZNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member);
}

/** A score interval as ZRANGEBYSCORE takes it ("(" makes an end exclusive). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A bound of a lex range: "-" (before every string), "+" (after every string) or a string. */
export const LEX_MINUS = -1;
export const LEX_PLUS = 1;
export const LEX_STRING = 0;

/** A lexicographic interval as ZRANGEBYLEX takes it ("[a", "(a", "-", "+"). */
export interface LexRange {
  min: string;
  max: string;
  minKind: number;
  maxKind: number;
  minex: boolean;
  maxex: boolean;
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** A member compared with a bound: -1 before, 0 equal, 1 after. */
function cmpBound(v: string, bound: string, kind: number): number {
  if (kind !== LEX_STRING) return -kind;
  return v < bound ? -1 : v > bound ? 1 : 0;
}
export function lexGteMin(v: string, r: LexRange): boolean {
  const c = cmpBound(v, r.min, r.minKind);
  return r.minex ? c > 0 : c >= 0;
}
export function lexLteMax(v: string, r: LexRange): boolean {
  const c = cmpBound(v, r.max, r.maxKind);
  return r.maxex ? c < 0 : c <= 0;
}

/** Whether a lex range can contain nothing whatever the set holds (zslIsInLexRange's first test). */
export function lexRangeEmpty(r: LexRange): boolean {
  let cmp: number;
  if (r.minKind !== r.maxKind) cmp = r.minKind < r.maxKind ? -1 : 1;
  else if (r.minKind === LEX_STRING) cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  else cmp = 0;
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/**
 * A Redis sorted set: member → node, ordered by (score, member) as Redis orders them (members
 * compared as bytes). `nodes` is the member index (Redis's dict); the skiplist with span counts
 * gives O(log n) rank, rank lookup and range search, as Redis's zskiplist does.
 */
export class ZSetValue implements TypedValue {
  readonly kind = 'zset' as const;
  readonly nodes = new Map<string, ZNode>();
  /**
   * Whether Redis would keep this set listpack-encoded (OBJECT ENCODING, ZSCAN returning all at
   * once). Like Redis, it only ever converts to skiplist as the set grows.
   */
  listpack = true;
  private readonly header = new ZNode('', 0, MAX_LEVEL);
  private tail: ZNode | null = null;
  private level = 1;
  private memberBytes = 0;
  /** Nodes in insertion order (removed ones until compaction), for ZSCAN. */
  private order: ZNode[] = [];
  private deadInOrder = 0;
  private nextId = 1;

  static from(pairs: Iterable<[string, number]>): ZSetValue {
    const z = new ZSetValue();
    z.listpack = false;
    let longest = 0;
    for (const [m, s] of pairs) {
      z.add(m, s);
      if (m.length > longest) longest = m.length;
    }
    z.setListpack(z.size <= DEFAULT_LISTPACK_ENTRIES && longest <= DEFAULT_LISTPACK_VALUE);
    return z;
  }

  get size(): number {
    return this.nodes.size;
  }

  /** A member's score, or undefined. */
  score(member: string): number | undefined {
    return this.nodes.get(member)?.score;
  }

  /** Marks the encoding; a listpack stores scores as text, which turns -0 into 0. */
  setListpack(listpack: boolean): void {
    this.listpack = listpack;
    if (!listpack) return;
    for (let x = this.header.forward; x; x = x.forward) if (Object.is(x.score, -0)) x.score = 0;
  }

  /**
   * Adds a member not yet in the set, first converting to skiplist when the member or the new
   * size would outgrow a listpack (as zsetAdd does before inserting).
   */
  insertNew(member: string, score: number, maxEntries: number, maxValue: number): void {
    if (this.listpack && (this.nodes.size + 1 > maxEntries || member.length > maxValue)) this.listpack = false;
    this.add(member, score);
  }

  /** Adds a member or moves it to a new score. */
  add(member: string, score: number): void {
    const n = this.nodes.get(member);
    if (n === undefined) {
      if (this.listpack && score === 0) score = 0;
      this.insert(score, member);
      this.memberBytes += member.length;
    } else {
      this.setScore(n, score);
    }
  }

  /** Moves a member (a node of this set) to a new score, in place when its position does not change (zslUpdateScore). */
  setScore(n: ZNode, score: number): void {
    if (this.listpack && score === 0) score = 0;
    if (n.score === score) return;
    const member = n.member;
    const prev = n.backward;
    const next = n.forward;
    // Checked before any search: the node is at hand, so a score that keeps its place costs nothing.
    if ((prev === null || prev.score < score || (prev.score === score && prev.member < member)) &&
      (next === null || next.score > score || (next.score === score && next.member > member))) {
      n.score = score;
      return;
    }
    this.locate(n.score, member);
    this.unlink(n);
    n.score = score;
    n.clearLinks();
    this.link(n);
  }

  remove(member: string): boolean {
    const n = this.nodes.get(member);
    if (n === undefined) return false;
    this.locate(n.score, member);
    this.unlink(n);
    this.forget(n);
    return true;
  }

  /** All (member, score) pairs in order. */
  entries(): Array<[string, number]> {
    const out = new Array<[string, number]>(this.nodes.size);
    let i = 0;
    for (let x = this.header.forward; x; x = x.forward) out[i++] = [x.member, x.score];
    return out;
  }

  byteSize(): number {
    return this.nodes.size * 96 + this.memberBytes;
  }

  first(): ZNode | null {
    return this.header.forward;
  }

  last(): ZNode | null {
    return this.tail;
  }

  /** 0-based rank of a member, or -1. */
  rank(member: string): number {
    const n = this.nodes.get(member);
    return n === undefined ? -1 : this.rankOf(n);
  }

  /** Node at a 0-based rank (caller keeps it in range). */
  byRank(rank: number): ZNode | null {
    const target = rank + 1;
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && traversed + spanAt(x, i) <= target) {
        traversed += spanAt(x, i);
        x = nx;
      }
      if (traversed === target) return x;
    }
    return null;
  }

  /** First node whose score is within the range, or null. */
  firstInScoreRange(r: ScoreRange): ZNode | null {
    if (!this.scoreRangeOverlaps(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && !scoreGteMin(nx.score, r)) x = nx;
    }
    const n = x.forward;
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  /** Last node whose score is within the range, or null. */
  lastInScoreRange(r: ScoreRange): ZNode | null {
    if (!this.scoreRangeOverlaps(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && scoreLteMax(nx.score, r)) x = nx;
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  /**
   * First node in a lex range. Only meaningful when all scores are equal; otherwise Redis's answer
   * depends on the encoding: a listpack is scanned linearly from the head, as done here.
   */
  firstInLexRange(r: LexRange): ZNode | null {
    if (!this.lexRangeOverlaps(r)) return null;
    if (this.listpack) {
      for (let n = this.header.forward; n !== null; n = n.forward) {
        if (lexGteMin(n.member, r)) return lexLteMax(n.member, r) ? n : null;
      }
      return null;
    }
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && !lexGteMin(nx.member, r)) x = nx;
    }
    const n = x.forward;
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  /** Last node in a lex range (a listpack is scanned from the tail). */
  lastInLexRange(r: LexRange): ZNode | null {
    if (!this.lexRangeOverlaps(r)) return null;
    if (this.listpack) {
      for (let n = this.tail; n !== null; n = n.backward) {
        if (lexLteMax(n.member, r)) return lexGteMin(n.member, r) ? n : null;
      }
      return null;
    }
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && lexLteMax(nx.member, r)) x = nx;
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** 0-based rank of a node known to be in the set. */
  rankOf(n: ZNode): number {
    let x = this.header;
    let r = 0;
    const score = n.score;
    const member = n.member;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && (nx.score < score || (nx.score === score && nx.member <= member))) {
        r += spanAt(x, i);
        x = nx;
      }
      if (x === n) return r - 1;
    }
    return r - 1;
  }

  /** Members with score in range (count). */
  countInScoreRange(r: ScoreRange): number {
    const f = this.firstInScoreRange(r);
    if (!f) return 0;
    const l = this.lastInScoreRange(r)!;
    return this.rankOf(l) - this.rankOf(f) + 1;
  }

  countInLexRange(r: LexRange): number {
    const f = this.firstInLexRange(r);
    if (!f) return 0;
    if (this.listpack) {
      let count = 0;
      for (let n: ZNode | null = f; n !== null && lexLteMax(n.member, r); n = n.forward) count++;
      return count;
    }
    const l = this.lastInLexRange(r);
    const first = this.rankOf(f);
    return l ? this.rankOf(l) - first + 1 : this.nodes.size - first;
  }

  /** Removes the nodes of 0-based ranks [start, end]; calls onRemove for each. */
  removeRankRange(start: number, end: number, onRemove?: (member: string) => void): number {
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && traversed + spanAt(x, i) <= start) {
        traversed += spanAt(x, i);
        x = nx;
      }
      update[i] = x;
    }
    let n = x.forward;
    let removed = 0;
    while (n !== null && traversed <= end) {
      const next = n.forward;
      this.unlink(n);
      this.forget(n);
      onRemove?.(n.member);
      removed++;
      traversed++;
      n = next;
    }
    return removed;
  }

  removeScoreRange(r: ScoreRange, onRemove?: (member: string) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && !scoreGteMin(nx.score, r)) x = nx;
      update[i] = x;
    }
    let n = x.forward;
    let removed = 0;
    while (n !== null && scoreLteMax(n.score, r)) {
      const next = n.forward;
      this.unlink(n);
      this.forget(n);
      onRemove?.(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  removeLexRange(r: LexRange, onRemove?: (member: string) => void): number {
    let n: ZNode | null;
    if (this.listpack) {
      n = this.firstInLexRange(r);
      if (n === null) return 0;
      this.locate(n.score, n.member);
    } else {
      let x = this.header;
      for (let i = this.level - 1; i >= 0; i--) {
        let nx: ZNode | null;
        while ((nx = nextAt(x, i)) !== null && !lexGteMin(nx.member, r)) x = nx;
        update[i] = x;
      }
      n = x.forward;
    }
    let removed = 0;
    while (n !== null && lexLteMax(n.member, r)) {
      const next: ZNode | null = n.forward;
      this.unlink(n);
      this.forget(n);
      onRemove?.(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  /**
   * One ZSCAN step over the insertion order: up to `count` live nodes with id >= cursor, and the
   * cursor to continue from (0 when done). Members present for the whole scan keep their id, so
   * each is returned exactly once however the set changes between calls.
   */
  scan(cursor: number, count: number, out: ZNode[]): number {
    const order = this.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid].id < cursor) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (; i < order.length && out.length < count; i++) if (this.live(order[i])) out.push(order[i]);
    for (; i < order.length; i++) if (this.live(order[i])) return order[i].id;
    return 0;
  }

  /** Whether a node of the scan order is still in the set (removed ones stay there until compaction). */
  private live(n: ZNode): boolean {
    return this.nodes.get(n.member) === n;
  }

  private scoreRangeOverlaps(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.tail;
    if (t === null || !scoreGteMin(t.score, r)) return false;
    const h = this.header.forward;
    return h !== null && scoreLteMax(h.score, r);
  }

  private lexRangeOverlaps(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === null || !lexGteMin(t.member, r)) return false;
    const h = this.header.forward;
    return h !== null && lexLteMax(h.member, r);
  }

  private insert(score: number, member: string): void {
    const node = new ZNode(member, score, randomLevel());
    node.id = this.nextId++;
    this.nodes.set(member, node);
    this.order.push(node);
    this.link(node);
  }

  /** Finds the insertion point of a node (update/rankAt) and links it in. */
  private link(node: ZNode): void {
    const score = node.score;
    const member = node.member;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let rank = i === this.level - 1 ? 0 : rankAt[i + 1];
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && before(nx, score, member)) {
        rank += spanAt(x, i);
        x = nx;
      }
      rankAt[i] = rank;
      update[i] = x;
    }
    const level = node.level;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = this.header;
        setSpan(this.header, i, this.nodes.size - 1);
      }
      this.level = level;
    }
    const r0 = rankAt[0];
    for (let i = 0; i < level; i++) {
      const u = update[i];
      setNext(node, i, nextAt(u, i));
      setNext(u, i, node);
      const us = spanAt(u, i);
      setSpan(node, i, us - (r0 - rankAt[i]));
      setSpan(u, i, r0 - rankAt[i] + 1);
    }
    for (let i = level; i < this.level; i++) setSpan(update[i], i, spanAt(update[i], i) + 1);
    node.backward = update[0] === this.header ? null : update[0];
    if (node.forward !== null) node.forward.backward = node;
    else this.tail = node;
  }

  /** Fills update[] for a (score, member) and returns its node (which must exist). */
  private locate(score: number, member: string): ZNode {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx: ZNode | null;
      while ((nx = nextAt(x, i)) !== null && before(nx, score, member)) x = nx;
      update[i] = x;
    }
    return x.forward!;
  }

  /** Unlinks a node using update[] as filled by a search. */
  private unlink(n: ZNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (nextAt(u, i) === n) {
        setSpan(u, i, spanAt(u, i) + spanAt(n, i) - 1);
        setNext(u, i, nextAt(n, i));
      } else {
        setSpan(u, i, spanAt(u, i) - 1);
      }
    }
    if (n.forward !== null) n.forward.backward = n.backward;
    else this.tail = n.backward;
    while (this.level > 1 && nextAt(this.header, this.level - 1) === null) this.level--;
  }

  /** Drops a removed node from the member index; the scan order forgets it at compaction. */
  private forget(n: ZNode): void {
    this.nodes.delete(n.member);
    this.memberBytes -= n.member.length;
    this.deadInOrder++;
    if (this.deadInOrder > 16 && this.deadInOrder * 2 > this.order.length) {
      this.order = this.order.filter((x) => this.live(x));
      this.deadInOrder = 0;
    }
  }
}
