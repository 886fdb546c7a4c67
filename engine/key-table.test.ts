import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyTable } from './key-table.ts';
import { hashOf } from './open-table.ts';

describe('KeyTable', () => {
  test('agrees with a Map under random sets, overwrites and deletes, through growth and shrinking', () => {
    const t = new KeyTable();
    const model = new Map<string, [string, number]>();
    const check = () => {
      assert.equal(t.size, model.size);
      for (const [k, [v, lru]] of model) {
        const slot = t.find(k);
        assert.ok(slot >= 0, k);
        assert.equal(t.value(slot), v);
        assert.equal(t.lru(slot), lru);
      }
      assert.deepEqual([...t.keys()].sort(), [...model.keys()].sort());
      assert.deepEqual(new Map([...t.entries()]), new Map([...model].map(([k, [v]]) => [k, v])));
    };
    // Grow to thousands of keys, churn, shrink to a handful (deleted markers and empty runs), grow again.
    for (const [target, space] of [[5000, 8000], [20, 8000], [3000, 400000]] as const) {
      for (let it = 0; model.size !== target || it < 2000; it++) {
        const k = 'key:' + Math.floor(Math.random() * space);
        const grow = model.size < target || (model.size === target && Math.random() < 0.5);
        if (grow) {
          const v = 'v' + it;
          const lru = it & 0xffffff;
          assert.equal(t.set(k, v, lru), !model.has(k));
          model.set(k, [v, lru]);
        } else {
          assert.equal(t.delete(k), model.delete(k));
          assert.equal(t.has(k), false);
          assert.equal(t.get(k), undefined);
        }
        if (it % 1000 === 0) check();
      }
      check();
    }
  });

  test('keys sharing a home slot stay reachable when others of the run are deleted', () => {
    const t = new KeyTable();
    // Keys whose hashes agree in their low 4 bits share a home slot in the initial 16-slot table.
    const same: string[] = [];
    for (let i = 0; same.length < 6; i++) if ((hashOf('c' + i) & 15) === 3) same.push('c' + i);
    for (const k of same) t.set(k, k.toUpperCase(), 0);
    for (const k of [same[0], same[2], same[5]]) assert.equal(t.delete(k), true);
    for (const k of [same[1], same[3], same[4]]) assert.equal(t.get(k), k.toUpperCase());
    for (const k of [same[0], same[2], same[5]]) assert.equal(t.has(k), false);
    t.set(same[2], 'again', 7);
    assert.equal(t.get(same[2]), 'again');
    assert.equal(t.size, 4);
  });

  test('deleting and overwriting while iterating visits every other key once', () => {
    const t = new KeyTable();
    for (let i = 0; i < 1000; i++) t.set('k' + i, String(i), 0);
    const seen: string[] = [];
    for (const [k, v] of t) {
      seen.push(k);
      if (Number(v) % 2 === 0) t.delete(k);
      else t.setValue(t.find(k), 'odd');
    }
    assert.equal(seen.length, 1000);
    assert.equal(new Set(seen).size, 1000);
    assert.equal(t.size, 500);
    for (const [, v] of t) assert.equal(v, 'odd');
  });

  test('the empty string, long keys and every byte value are keys like any other', () => {
    const t = new KeyTable();
    const keys = ['', 'x'.repeat(100000), Buffer.from([0, 1, 255, 128, 13, 10]).toString('latin1'), '\u00ff'];
    keys.forEach((k, i) => t.set(k, String(i), i));
    keys.forEach((k, i) => assert.equal(t.get(k), String(i)));
    assert.equal(t.get('\u00fe'), undefined);
  });

  test('put and take hand back the value replaced or removed; keyBytes follows the live keys', () => {
    const t = new KeyTable();
    assert.equal(t.put('a', 'one', 1), undefined);
    assert.equal(t.put('a', 'two', 2), 'one');
    assert.equal(t.lru(t.find('a')), 2);
    assert.equal(t.put('bcd', 'x'), undefined);
    assert.equal(t.keyBytes, 4);
    assert.equal(t.take('a'), 'two');
    assert.equal(t.take('a'), undefined);
    assert.equal(t.keyBytes, 3);
    for (let i = 0; i < 1000; i++) t.set('k' + i, 'v');
    for (let i = 0; i < 1000; i += 2) t.delete('k' + i);
    let expected = 3;
    for (let i = 1; i < 1000; i += 2) expected += ('k' + i).length;
    assert.equal(t.keyBytes, expected);
  });

  test('sample finds live keys, at least one even when the table is nearly empty', () => {
    const t = new KeyTable();
    for (let i = 0; i < 10000; i++) t.set('k' + i, 'v');
    for (let i = 1; i < 10000; i++) t.delete('k' + i);
    for (let round = 0; round < 50; round++) {
      const out: string[] = [];
      t.sample(5, out);
      assert.deepEqual(out, ['k0']);
    }
    const none: string[] = [];
    t.delete('k0');
    t.sample(5, none);
    assert.deepEqual(none, []);
    for (let i = 0; i < 100; i++) t.set('m' + i, 'v');
    const out: string[] = [];
    t.sample(5, out);
    assert.ok(out.length >= 1 && out.length <= 5 && out.every((k) => t.has(k)));
  });
});
