import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringMap } from './string-map.ts';

test('StringMap agrees with a Map under random sets, overwrites and deletes, through growth and shrinking', () => {
  const m = new StringMap([['seed', 's']]);
  const model = new Map([['seed', 's']]);
  for (const [target, space] of [[4000, 6000], [10, 6000], [2000, 100000]] as const) {
    for (let it = 0; model.size !== target || it < 1000; it++) {
      const k = 'f' + Math.floor(Math.random() * space);
      if (model.size < target || (model.size === target && Math.random() < 0.5)) {
        assert.equal(m.set(k, 'v' + it), !model.has(k));
        model.set(k, 'v' + it);
      } else {
        assert.equal(m.delete(k), model.delete(k));
      }
    }
    assert.equal(m.size, model.size);
    assert.deepEqual(new Map([...m.entries()]), model);
    assert.deepEqual([...m.keys()].sort(), [...model.keys()].sort());
    assert.deepEqual([...m.values()].sort(), [...model.values()].sort());
    for (const [k, v] of model) assert.equal(m.get(k), v);
  }
});
