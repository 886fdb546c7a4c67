import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CacheSubnetGroupRecord } from './subnet-groups.ts';
import { State } from './state.ts';

/** list() keeps parsed records between calls: every way rows change must be seen by the next call. */

function group(name: string, description: string, createdAt: number): CacheSubnetGroupRecord {
  const arn = `arn:aws:elasticache:us-east-1:123456789012:subnetgroup:${name}`;
  return { account: '123456789012', region: 'us-east-1', name, arn, description, vpcId: 'vpc-0', subnets: [{ id: 'subnet-a', availabilityZone: 'us-east-1a' }], createdAt };
}

const descriptions = (state: State) => state.subnetGroups.list('123456789012', 'us-east-1').map((g) => `${g.name}:${g.description}`);

test('list() sees every insert, update and delete, in creation order', () => {
  const state = new State({ dataDir: null, portRange: { first: 40000, last: 40010 } });
  try {
    assert.deepEqual(descriptions(state), []);
    state.subnetGroups.insert(group('b', 'one', 2));
    assert.deepEqual(descriptions(state), ['b:one']);
    state.subnetGroups.insert(group('a', 'two', 1));
    assert.deepEqual(descriptions(state), ['a:two', 'b:one']);
    state.subnetGroups.update(group('b', 'changed', 2));
    assert.deepEqual(descriptions(state), ['a:two', 'b:changed']);
    state.subnetGroups.delete('123456789012', 'us-east-1', 'a');
    assert.deepEqual(descriptions(state), ['b:changed']);
    // Other accounts and regions are listed apart.
    assert.deepEqual(state.subnetGroups.list('123456789012', 'eu-west-1'), []);
    state.wipe();
    assert.deepEqual(descriptions(state), []);
  } finally {
    state.close();
  }
});

test('a rolled-back transaction leaves list() as it was; a committed one shows', () => {
  const state = new State({ dataDir: null, portRange: { first: 40000, last: 40010 } });
  try {
    state.subnetGroups.insert(group('a', 'before', 1));
    assert.deepEqual(descriptions(state), ['a:before']);
    assert.throws(() =>
      state.transaction(() => {
        state.subnetGroups.update(group('a', 'uncommitted', 1));
        // Inside the transaction its own change is visible...
        assert.deepEqual(descriptions(state), ['a:uncommitted']);
        throw new Error('roll back');
      }),
    );
    // ...and gone once it rolled back.
    assert.deepEqual(descriptions(state), ['a:before']);
    state.transaction(() => state.subnetGroups.update(group('a', 'committed', 1)));
    assert.deepEqual(descriptions(state), ['a:committed']);
  } finally {
    state.close();
  }
});

test('listed records are frozen and each call returns its own array; get() returns a record to change', () => {
  const state = new State({ dataDir: null, portRange: { first: 40000, last: 40010 } });
  try {
    state.subnetGroups.insert(group('a', 'kept', 1));
    const listed = state.subnetGroups.list('123456789012', 'us-east-1');
    assert.throws(() => {
      listed[0].description = 'changed in place';
    }, TypeError);
    assert.throws(() => listed[0].subnets.push({ id: 'subnet-b', availabilityZone: 'us-east-1b' }), TypeError);
    listed.pop();
    assert.deepEqual(descriptions(state), ['a:kept']);
    const copy = state.subnetGroups.get('123456789012', 'us-east-1', 'a')!;
    copy.description = 'written back';
    assert.deepEqual(descriptions(state), ['a:kept']);
    state.subnetGroups.update(copy);
    assert.deepEqual(descriptions(state), ['a:written back']);
  } finally {
    state.close();
  }
});
