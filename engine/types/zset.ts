import type { TypedValue } from '../keyspace.ts';
import { StringMap } from './string-map.ts';

/** Listpack limits Redis uses when nothing else is known (zset-max-listpack-entries/value defaults). */
const DEFAULT_LISTPACK_ENTRIES = 128;
const DEFAULT_LISTPACK_VALUE = 64;

/** Entries per leaf and children per inner node of the order tree. */
const LEAF_MAX = 64;
const INNER_MAX = 64;
/** A leaf this small merges with a neighbour when both fit in half a leaf. */
const LEAF_MERGE = LEAF_MAX >> 2;

/** One member of a sorted set with its score. */
export class ZEntry {
  constructor(
    readonly member: string,
    public score: number,
    /** Insertion sequence number: ZSCAN walks members in this order, which never reshuffles. */
    readonly id: number,
  ) {}
}

/**
 * A leaf of the order tree: entries in (score, member) order. Scores sit in a Float64Array beside
 * the entries so a search reads contiguous memory rather than one object per step, which is what
 * made a skiplist of objects slow on large sets (every step a cache miss).
 */
class Leaf {
  n = 0;
  scores: Float64Array;
  items: ZEntry[] = [];
  next: Leaf | null = null;
  prev: Leaf | null = null;

  constructor(capacity: number) {
    this.scores = new Float64Array(capacity);
  }
}

/**
 * An inner node: children with their entry counts (for ranks) and separator keys. keys[i] (i ≥ 1)
 * lies above every key of child i-1 and at or below every key of child i; keys[0] is only ever
 * read once an inner split makes it a separator, when it satisfies the same bounds.
 */
class Inner {
  n = 0;
  readonly children: Array<Leaf | Inner> = [];
  readonly counts = new Float64Array(INNER_MAX);
  readonly keyScores = new Float64Array(INNER_MAX);
  readonly keyItems: ZEntry[] = [];
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

/** A test over keys in order that is false up to some point and true from there on. */
type KeyPredicate = (score: number, entry: ZEntry) => boolean;

/** Scratch path of the last descent (single-threaded, never re-entered). */
const pathNodes: Inner[] = [];
const pathIdx: number[] = [];
/** Index within the leaf of the entry leafAtRank found. */
let leafRank = 0;

/**
 * A Redis sorted set: member → entry (Redis's dict) and the entries ordered by (score, member) as
 * Redis orders them (members compared as bytes) in a counted B+tree, which gives what Redis's
 * zskiplist gives (O(log n) insert, delete, rank, rank lookup and range search) with a few cache
 * misses per search instead of one per skiplist step.
 */
export class ZSetValue implements TypedValue {
  readonly kind = 'zset' as const;
  readonly nodes = new StringMap<ZEntry>();
  /**
   * Whether Redis would keep this set listpack-encoded (OBJECT ENCODING, ZSCAN returning all at
   * once). Like Redis, it only ever converts to skiplist as the set grows.
   */
  listpack = true;
  private root: Leaf | Inner = new Leaf(4);
  /** Inner levels above the leaves (0: the root is a leaf). */
  private height = 0;
  private head: Leaf = this.root as Leaf;
  private tail: Leaf = this.root as Leaf;
  private memberBytes = 0;
  /** Entries in insertion order (removed ones until compaction), for ZSCAN. */
  private order: ZEntry[] = [];
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
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.n; i++) {
        if (Object.is(leaf.scores[i], -0)) {
          leaf.scores[i] = 0;
          leaf.items[i].score = 0;
        }
      }
    }
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
    const e = this.nodes.get(member);
    if (e !== undefined) {
      this.setScore(e, score);
      return;
    }
    if (this.listpack && score === 0) score = 0;
    const entry = new ZEntry(member, score, this.nextId++);
    this.nodes.set(member, entry);
    this.order.push(entry);
    this.memberBytes += member.length;
    this.insertEntry(entry);
  }

  /** Moves a member (an entry of this set) to a new score, in place when its position does not change (zslUpdateScore). */
  setScore(e: ZEntry, score: number): void {
    if (this.listpack && score === 0) score = 0;
    if (e.score === score) return;
    const leaf = this.descend(e.score, e.member, 0);
    const i = this.indexIn(leaf, e);
    const member = e.member;
    // The neighbours are at hand: a score that keeps the entry's place costs no second search.
    // Their members are read only on equal scores (an argument would be read on every call).
    const scores = leaf.scores;
    const prevOk = i > 0 ? scores[i - 1] < score || (scores[i - 1] === score && leaf.items[i - 1].member <= member) : leaf.prev === null;
    const nextOk = i + 1 < leaf.n ? score < scores[i + 1] || (score === scores[i + 1] && member <= leaf.items[i + 1].member) : leaf.next === null;
    if (prevOk && nextOk) {
      leaf.scores[i] = score;
      e.score = score;
      return;
    }
    for (let d = 0; d < this.height; d++) pathNodes[d].counts[pathIdx[d]]--;
    this.removeAt(leaf, i);
    e.score = score;
    this.insertEntry(e);
  }

  remove(member: string): boolean {
    const e = this.nodes.get(member);
    if (e === undefined) return false;
    const leaf = this.descend(e.score, member, -1);
    this.removeAt(leaf, this.indexIn(leaf, e));
    this.forget(e);
    return true;
  }

  /** All (member, score) pairs in order. */
  entries(): Array<[string, number]> {
    const out = new Array<[string, number]>(this.nodes.size);
    let k = 0;
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.n; i++) out[k++] = [leaf.items[i].member, leaf.scores[i]];
    }
    return out;
  }

  byteSize(): number {
    return this.nodes.size * 96 + this.memberBytes;
  }

  first(): ZEntry | null {
    return this.head.n > 0 ? this.head.items[0] : null;
  }

  last(): ZEntry | null {
    return this.tail.n > 0 ? this.tail.items[this.tail.n - 1] : null;
  }

  /** 0-based rank of a member, or -1. */
  rank(member: string): number {
    const e = this.nodes.get(member);
    return e === undefined ? -1 : this.rankOf(e);
  }

  /** 0-based rank of an entry known to be in the set. */
  rankOf(e: ZEntry): number {
    let rank = 0;
    let node = this.root;
    for (let d = 0; d < this.height; d++) {
      const inner = node as Inner;
      const c = route(inner, e.score, e.member);
      for (let j = 0; j < c; j++) rank += inner.counts[j];
      node = inner.children[c];
    }
    return rank + this.indexIn(node as Leaf, e);
  }

  /** Entry at a 0-based rank, or null out of range. */
  byRank(rank: number): ZEntry | null {
    if (rank < 0 || rank >= this.nodes.size) return null;
    const leaf = this.leafAtRank(rank);
    return leaf.items[leafRank];
  }

  /**
   * Visits entries from a 0-based rank towards the tail (or the head with `reverse`) until the
   * end or until fn returns false.
   */
  walk(rank: number, reverse: boolean, fn: (e: ZEntry) => boolean | void): void {
    if (rank < 0 || rank >= this.nodes.size) return;
    let leaf: Leaf | null = this.leafAtRank(rank);
    let i = leafRank;
    if (reverse) {
      while (leaf !== null) {
        for (; i >= 0; i--) if (fn(leaf.items[i]) === false) return;
        leaf = leaf.prev;
        if (leaf !== null) i = leaf.n - 1;
      }
    } else {
      while (leaf !== null) {
        for (; i < leaf.n; i++) if (fn(leaf.items[i]) === false) return;
        leaf = leaf.next;
        i = 0;
      }
    }
  }

  /** Rank of the first entry whose score is within the range, or -1. */
  firstInScoreRange(r: ScoreRange): number {
    if (!this.scoreRangeOverlaps(r)) return -1;
    const rank = this.firstWhere((s) => scoreGteMin(s, r));
    return rank < this.nodes.size && scoreLteMax(this.byRank(rank)!.score, r) ? rank : -1;
  }

  /** Rank of the last entry whose score is within the range, or -1. */
  lastInScoreRange(r: ScoreRange): number {
    if (!this.scoreRangeOverlaps(r)) return -1;
    const rank = this.firstWhere((s) => !scoreLteMax(s, r)) - 1;
    return rank >= 0 && scoreGteMin(this.byRank(rank)!.score, r) ? rank : -1;
  }

  /**
   * Rank of the first entry in a lex range, or -1. Only meaningful when all scores are equal;
   * otherwise Redis's answer depends on the encoding: a listpack is scanned linearly from the head,
   * as done here.
   */
  firstInLexRange(r: LexRange): number {
    if (!this.lexRangeOverlaps(r)) return -1;
    let rank: number;
    if (this.listpack) {
      rank = this.nodes.size;
      let k = 0;
      this.walk(0, false, (e) => {
        if (lexGteMin(e.member, r)) {
          rank = k;
          return false;
        }
        k++;
      });
    } else {
      rank = this.firstWhere((_s, e) => lexGteMin(e.member, r));
    }
    return rank < this.nodes.size && lexLteMax(this.byRank(rank)!.member, r) ? rank : -1;
  }

  /** Rank of the last entry in a lex range, or -1 (a listpack is scanned from the tail). */
  lastInLexRange(r: LexRange): number {
    if (!this.lexRangeOverlaps(r)) return -1;
    let rank: number;
    if (this.listpack) {
      rank = -1;
      let k = this.nodes.size - 1;
      this.walk(k, true, (e) => {
        if (lexLteMax(e.member, r)) {
          rank = k;
          return false;
        }
        k--;
      });
    } else {
      rank = this.firstWhere((_s, e) => !lexLteMax(e.member, r)) - 1;
    }
    return rank >= 0 && lexGteMin(this.byRank(rank)!.member, r) ? rank : -1;
  }

  /** Members with score in range (count). */
  countInScoreRange(r: ScoreRange): number {
    const f = this.firstInScoreRange(r);
    return f < 0 ? 0 : this.lastInScoreRange(r) - f + 1;
  }

  countInLexRange(r: LexRange): number {
    const f = this.firstInLexRange(r);
    if (f < 0) return 0;
    if (this.listpack) {
      let count = 0;
      this.walk(f, false, (e) => {
        if (!lexLteMax(e.member, r)) return false;
        count++;
      });
      return count;
    }
    const l = this.lastInLexRange(r);
    return l >= 0 ? l - f + 1 : this.nodes.size - f;
  }

  /** Removes the entries of 0-based ranks [start, end]; calls onRemove for each. */
  removeRankRange(start: number, end: number, onRemove?: (member: string) => void): number {
    const victims: ZEntry[] = [];
    let k = start;
    this.walk(start, false, (e) => {
      if (k++ > end) return false;
      victims.push(e);
    });
    return this.removeAll(victims, onRemove);
  }

  removeScoreRange(r: ScoreRange, onRemove?: (member: string) => void): number {
    const victims: ZEntry[] = [];
    this.walk(this.firstWhere((s) => scoreGteMin(s, r)), false, (e) => {
      if (!scoreLteMax(e.score, r)) return false;
      victims.push(e);
    });
    return this.removeAll(victims, onRemove);
  }

  removeLexRange(r: LexRange, onRemove?: (member: string) => void): number {
    const start = this.listpack ? this.firstInLexRange(r) : this.firstWhere((_s, e) => lexGteMin(e.member, r));
    const victims: ZEntry[] = [];
    this.walk(start, false, (e) => {
      if (!lexLteMax(e.member, r)) return false;
      victims.push(e);
    });
    return this.removeAll(victims, onRemove);
  }

  /**
   * One ZSCAN step over the insertion order: up to `count` live entries with id >= cursor, and the
   * cursor to continue from (0 when done). Members present for the whole scan keep their id, so
   * each is returned exactly once however the set changes between calls.
   */
  scan(cursor: number, count: number, out: ZEntry[]): number {
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

  private removeAll(victims: ZEntry[], onRemove?: (member: string) => void): number {
    for (const e of victims) {
      this.remove(e.member);
      onRemove?.(e.member);
    }
    return victims.length;
  }

  /** Whether an entry of the scan order is still in the set (removed ones stay there until compaction). */
  private live(e: ZEntry): boolean {
    return this.nodes.get(e.member) === e;
  }

  private scoreRangeOverlaps(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.last();
    if (t === null || !scoreGteMin(t.score, r)) return false;
    return scoreLteMax(this.first()!.score, r);
  }

  private lexRangeOverlaps(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.last();
    if (t === null || !lexGteMin(t.member, r)) return false;
    return lexLteMax(this.first()!.member, r);
  }

  /**
   * Rank of the first key for which p holds (size if none). Descends into the last child whose
   * separator fails p: every key before it fails too, and the first key that holds is in that
   * child or is the first key after it.
   */
  private firstWhere(p: KeyPredicate): number {
    let rank = 0;
    let node = this.root;
    for (let d = 0; d < this.height; d++) {
      const inner = node as Inner;
      let lo = 1;
      let hi = inner.n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (p(inner.keyScores[mid], inner.keyItems[mid])) hi = mid;
        else lo = mid + 1;
      }
      const c = lo - 1;
      for (let j = 0; j < c; j++) rank += inner.counts[j];
      node = inner.children[c];
    }
    const leaf = node as Leaf;
    let lo = 0;
    let hi = leaf.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p(leaf.scores[mid], leaf.items[mid])) hi = mid;
      else lo = mid + 1;
    }
    return rank + lo;
  }

  /** The leaf holding a 0-based rank (in range); the index within it is left in leafRank. */
  private leafAtRank(rank: number): Leaf {
    let node = this.root;
    for (let d = 0; d < this.height; d++) {
      const inner = node as Inner;
      let c = 0;
      while (c < inner.n - 1 && rank >= inner.counts[c]) rank -= inner.counts[c++];
      node = inner.children[c];
    }
    leafRank = rank;
    return node as Leaf;
  }

  /**
   * The leaf where key (score, member) belongs, recording the path in pathNodes/pathIdx and adding
   * delta to the counts along it (the caller then inserts or removes there).
   */
  private descend(score: number, member: string, delta: number): Leaf {
    let node = this.root;
    for (let d = 0; d < this.height; d++) {
      const inner = node as Inner;
      const c = route(inner, score, member);
      pathNodes[d] = inner;
      pathIdx[d] = c;
      inner.counts[c] += delta;
      node = inner.children[c];
    }
    return node as Leaf;
  }

  /**
   * Index of an entry in the leaf that holds it: the first index with its score, then along the
   * run of equal scores by identity, which spares reading members (a cache miss each).
   */
  private indexIn(leaf: Leaf, e: ZEntry): number {
    const score = e.score;
    const scores = leaf.scores;
    let lo = 0;
    let hi = leaf.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scores[mid] < score) lo = mid + 1;
      else hi = mid;
    }
    const items = leaf.items;
    while (lo < leaf.n && items[lo] !== e) lo++;
    return lo;
  }

  private insertEntry(e: ZEntry): void {
    const score = e.score;
    const member = e.member;
    const leaf = this.descend(score, member, 1);
    // First position whose key sorts after the new one: by score, then members only among equal scores.
    let lo = 0;
    let hi = leaf.n;
    const scores = leaf.scores;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scores[mid] < score) lo = mid + 1;
      else hi = mid;
    }
    while (lo < leaf.n && scores[lo] === score && leaf.items[lo].member < member) lo++;
    if (leaf.n < LEAF_MAX) {
      leafInsert(leaf, lo, score, e);
      return;
    }
    const right = new Leaf(LEAF_MAX);
    const half = LEAF_MAX >> 1;
    right.scores.set(leaf.scores.subarray(half, leaf.n));
    for (let i = half; i < leaf.n; i++) right.items.push(leaf.items[i]);
    right.n = leaf.n - half;
    leaf.items.length = half;
    leaf.n = half;
    if (lo <= half) leafInsert(leaf, lo, score, e);
    else leafInsert(right, lo - half, score, e);
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next !== null) leaf.next.prev = right;
    else this.tail = right;
    leaf.next = right;
    this.addChild(this.height - 1, leaf, leaf.n, right, right.n, right.scores[0], right.items[0]);
  }

  /**
   * After `left` (child pathIdx[depth] of pathNodes[depth], or the root) split off `right`: records
   * both counts and inserts right with its separator, splitting upwards as needed.
   */
  private addChild(depth: number, left: Leaf | Inner, leftCount: number, right: Leaf | Inner, rightCount: number, keyScore: number, keyItem: ZEntry): void {
    if (depth < 0) {
      const root = new Inner();
      root.children.push(left, right);
      root.counts[0] = leftCount;
      root.counts[1] = rightCount;
      const first = left instanceof Leaf ? left.items[0] : left.keyItems[0];
      root.keyScores[0] = left instanceof Leaf ? left.scores[0] : left.keyScores[0];
      root.keyItems.push(first, keyItem);
      root.keyScores[1] = keyScore;
      root.n = 2;
      this.root = root;
      this.height++;
      return;
    }
    const p = pathNodes[depth];
    const at = pathIdx[depth] + 1;
    p.counts[at - 1] = leftCount;
    if (p.n < INNER_MAX) {
      innerInsert(p, at, right, rightCount, keyScore, keyItem);
      return;
    }
    const q = new Inner();
    const half = INNER_MAX >> 1;
    for (let i = half; i < p.n; i++) {
      q.children.push(p.children[i]);
      q.keyItems.push(p.keyItems[i]);
    }
    q.counts.set(p.counts.subarray(half, p.n));
    q.keyScores.set(p.keyScores.subarray(half, p.n));
    q.n = p.n - half;
    p.children.length = half;
    p.keyItems.length = half;
    p.n = half;
    if (at <= half) innerInsert(p, at, right, rightCount, keyScore, keyItem);
    else innerInsert(q, at - half, right, rightCount, keyScore, keyItem);
    let pc = 0;
    for (let i = 0; i < p.n; i++) pc += p.counts[i];
    let qc = 0;
    for (let i = 0; i < q.n; i++) qc += q.counts[i];
    this.addChild(depth - 1, p, pc, q, qc, q.keyScores[0], q.keyItems[0]);
  }

  /**
   * Removes index i of a leaf reached by descend (counts along the path already adjusted), then
   * drops an emptied leaf or merges a small one into a neighbour under the same parent.
   */
  private removeAt(leaf: Leaf, i: number): void {
    const n = leaf.n - 1;
    const scores = leaf.scores;
    const items = leaf.items;
    // Plain loops: the copyWithin builtin costs more than moving a few dozen slots.
    for (let j = i; j < n; j++) {
      scores[j] = scores[j + 1];
      items[j] = items[j + 1];
    }
    items.length = n;
    leaf.n = n;
    if (this.height === 0) return;
    const depth = this.height - 1;
    const parent = pathNodes[depth];
    const at = pathIdx[depth];
    if (n === 0) {
      this.unlinkLeaf(leaf);
      this.removeChild(depth, at);
      return;
    }
    if (n >= LEAF_MERGE) return;
    // Merge with the right neighbour, or the left one, when both fit in half a leaf.
    const li = at + 1 < parent.n ? at : at - 1;
    if (li < 0) return;
    const a = parent.children[li] as Leaf;
    const b = parent.children[li + 1] as Leaf;
    if (a.n + b.n > LEAF_MAX >> 1) return;
    if (a.scores.length < a.n + b.n) a.scores = grow(a.scores, LEAF_MAX);
    a.scores.set(b.scores.subarray(0, b.n), a.n);
    for (let j = 0; j < b.n; j++) a.items.push(b.items[j]);
    a.n += b.n;
    parent.counts[li] += parent.counts[li + 1];
    this.unlinkLeaf(b);
    this.removeChild(depth, li + 1);
  }

  private unlinkLeaf(leaf: Leaf): void {
    if (leaf.prev !== null) leaf.prev.next = leaf.next;
    else this.head = leaf.next!;
    if (leaf.next !== null) leaf.next.prev = leaf.prev;
    else this.tail = leaf.prev!;
  }

  /** Drops child c of pathNodes[depth] (empty, or merged away), collapsing emptied parents and the root. */
  private removeChild(depth: number, c: number): void {
    const p = pathNodes[depth];
    const n = p.n - 1;
    p.children.splice(c, 1);
    p.keyItems.splice(c, 1);
    p.counts.copyWithin(c, c + 1, p.n);
    p.keyScores.copyWithin(c, c + 1, p.n);
    p.n = n;
    if (n === 0 && depth > 0) {
      this.removeChild(depth - 1, pathIdx[depth - 1]);
      return;
    }
    while (this.height > 0 && (this.root as Inner).n === 1) {
      this.root = (this.root as Inner).children[0];
      this.height--;
    }
  }

  /** Drops a removed entry from the member index; the scan order forgets it at compaction. */
  private forget(e: ZEntry): void {
    this.nodes.delete(e.member);
    this.memberBytes -= e.member.length;
    this.deadInOrder++;
    if (this.deadInOrder > 16 && this.deadInOrder * 2 > this.order.length) {
      this.order = this.order.filter((x) => this.live(x));
      this.deadInOrder = 0;
    }
  }
}

/** Child of an inner node where key (score, member) belongs: the last whose separator is at or below it. */
function route(inner: Inner, score: number, member: string): number {
  const ks = inner.keyScores;
  let lo = 1;
  let hi = inner.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = ks[mid];
    if (s < score || (s === score && inner.keyItems[mid].member <= member)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function grow(a: Float64Array, max: number): Float64Array {
  const b = new Float64Array(Math.min(max, a.length * 2));
  b.set(a);
  return b;
}

function leafInsert(leaf: Leaf, i: number, score: number, e: ZEntry): void {
  if (leaf.n === leaf.scores.length) leaf.scores = grow(leaf.scores, LEAF_MAX);
  const scores = leaf.scores;
  const items = leaf.items;
  items.push(e);
  for (let j = leaf.n; j > i; j--) {
    scores[j] = scores[j - 1];
    items[j] = items[j - 1];
  }
  scores[i] = score;
  items[i] = e;
  leaf.n++;
}

function innerInsert(p: Inner, at: number, child: Leaf | Inner, count: number, keyScore: number, keyItem: ZEntry): void {
  p.children.splice(at, 0, child);
  p.keyItems.splice(at, 0, keyItem);
  p.counts.copyWithin(at + 1, at, p.n);
  p.keyScores.copyWithin(at + 1, at, p.n);
  p.counts[at] = count;
  p.keyScores[at] = keyScore;
  p.n++;
}
