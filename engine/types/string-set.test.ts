import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringSet } from './string-set.ts';

test('StringSet agrees with a Set under random adds and deletes, through growth and shrinking', () => {
  const s = new StringSet(['seed']);
  const model = new Set(['seed']);
  for (const [target, space] of [[4000, 6000], [10, 6000], [2000, 100000]] as const) {
    for (let it = 0; model.size !== target || it < 1000; it++) {
      const m = 'm' + Math.floor(Math.random() * space);
      if (model.size < target || (model.size === target && Math.random() < 0.5)) {
        assert.equal(s.add(m), !model.has(m));
        model.add(m);
      } else {
        assert.equal(s.delete(m), model.delete(m));
      }
    }
    assert.equal(s.size, model.size);
    assert.deepEqual([...s].sort(), [...model].sort());
    for (const m of model) assert.equal(s.has(m), true);
  }
});
