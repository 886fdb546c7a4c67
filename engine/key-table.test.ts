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
});
