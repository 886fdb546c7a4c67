import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { rawExchange, resp, startNode } from '../../test/helpers/engine-node.ts';
import type { EngineNode } from '../engine-node.ts';
import { cellScore, decodeScore, distance, encode, encodeScore, searchCells, standardGeohash } from '../geohash.ts';

let node: EngineNode;
let port: number;
let client: Redis;
let close: () => Promise<void>;

async function err(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error reply');
}

before(async () => {
  ({ node, port, client, close } = await startNode());
});
after(async () => {
  await close();
});
beforeEach(async () => {
  await client.call('FLUSHALL');
  await client.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
});

// Reference values below are redis-server 7.0.15's replies.
describe('geohash arithmetic', () => {
  test('scores and decoded coordinates are Redis bit for bit', () => {
    assert.equal(encodeScore(13.361389, 38.115556), 3479099956230698);
    assert.equal(encodeScore(15.087269, 37.502669), 3479447370796909);
    assert.deepEqual(decodeScore(3479099956230698), [13.361389338970184, 38.1155563954963]);
    assert.equal(encodeScore(181, 0), null);
    assert.equal(encodeScore(0, 85.06), null);
    assert.equal(standardGeohash(3479099956230698), 'sqc8b49rny0');
    assert.equal(Math.round(distance(13.361389338970184, 38.1155563954963, 15.087267458438873, 37.50266842333162) * 1e4) / 1e4, 166274.1516);
  });

  test('the 9-cell search keeps a neighbour equal to the centre at the antimeridian', () => {
    const cell = encode(180, 0, 10)!;
    assert.equal(cell.lon, 1024, 'longitude 180 overflows to 2^step as in C');
    const cells = searchCells({ lon: 180, lat: 0.5, conversion: 1000, circle: true, radius: 160, width: 0, height: 0 });
    assert.equal(cells.length, 9);
    const north = cells[1];
    assert.ok(north === null || north.lon === cells[0]!.lon, 'north/south keep the unmasked longitude');
    assert.ok(cellScore(cells[0]!) >= 2 ** 52);
  });
});

describe('GEOADD / GEOPOS / GEODIST / GEOHASH', () => {
  test('GEOADD options run as ZADD and replicate as ZADD', async () => {
    const feed: string[][] = [];
    node.replicationFeed = (_db, argv) => feed.push(argv);
    try {
      assert.equal(await client.call('GEOADD', 'Sicily', 'NX', '0', '0', 'Palermo', '1', '1', 'n'), 1);
      assert.equal(await client.call('ZSCORE', 'Sicily', 'n'), '3377822707026402');
      assert.equal(await client.call('GEOADD', 'Sicily', 'XX', 'CH', '13.36139', '38.115556', 'Palermo', '2', '2', 'nothere'), 0, 'same cell: unchanged');
      assert.equal(await client.call('GEOADD', 'Sicily', 'XX', 'CH', '13.5', '38.115556', 'Palermo', '2', '2', 'nothere'), 1);
      assert.deepEqual(feed, [
        ['zadd', 'Sicily', 'NX', '3377699720527872', 'Palermo', '3377822707026402', 'n'],
        ['zadd', 'Sicily', 'XX', 'CH', '3479100629809192', 'Palermo', '3378191666521995', 'nothere'],
      ]);
    } finally {
      node.replicationFeed = null;
    }
    assert.equal(await err(client.call('GEOADD', 'Sicily', 'NX', 'XX', '1', '1', 'a')), 'ERR syntax error');
    assert.equal(await err(client.call('GEOADD', 'Sicily', '1', '1', 'a', '2')), 'ERR syntax error');
    assert.equal(await err(client.call('GEOADD', 'Sicily', 'x', '1', 'a')), 'ERR value is not a valid float');
    assert.equal(await err(client.call('GEOADD', 'Sicily', '181', '1', 'a')), 'ERR invalid longitude,latitude pair 181.000000,1.000000');
    assert.equal(await err(client.call('GEOADD', 'Sicily', '0', '-85.06', 'a')), 'ERR invalid longitude,latitude pair 0.000000,-85.060000');
    assert.equal(await err(client.call('GEOADD', 'Sicily', 'INCR', '1', 'a')), 'ERR value is not a valid float');
    assert.equal(await err(client.call('GEOADD', 'Sicily', 'INCR', '1', '1', 'a')), 'ERR syntax error');
    assert.equal(await err(client.call('GEOADD', 'Sicily', 'ch', 'ch', 'ch')), 'ERR syntax error');
    await client.call('SET', 's', 'v');
    assert.equal(await err(client.call('GEOADD', 's', '1', '1', 'a')), 'WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  test('positions, distances in every unit, standard geohashes', async () => {
    assert.deepEqual(await client.call('GEOPOS', 'Sicily', 'Palermo', 'Catania', 'nosuch'), [
      ['13.36138933897018433', '38.11555639549629859'],
      ['15.08726745843887329', '37.50266842333162032'],
      null,
    ]);
    assert.deepEqual(await client.call('GEOPOS', 'nokey', 'a'), [null]);
    assert.equal(await client.call('GEODIST', 'Sicily', 'Palermo', 'Catania'), '166274.1516');
    assert.equal(await client.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'), '166.2742');
    assert.equal(await client.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'), '103.3182');
    assert.equal(await client.call('GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'), '545518.8700');
    assert.equal(await client.call('GEODIST', 'Sicily', 'Palermo', 'nosuch'), null);
    assert.equal(await client.call('GEODIST', 'nokey', 'a', 'b'), null);
    assert.equal(await err(client.call('GEODIST', 'nokey', 'a', 'b', 'yd')), 'ERR unsupported unit provided. please use M, KM, FT, MI');
    assert.equal(await err(client.call('GEODIST', 'Sicily', 'a', 'b', 'km', 'x')), 'ERR syntax error');
    assert.deepEqual(await client.call('GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nosuch'), ['sqc8b49rny0', 'sqdtr74hyu0', null]);
  });

  test('RESP3: coordinates are doubles, distances stay bulk strings', async () => {
    const { data } = await rawExchange(port, resp('HELLO', '3') + resp('GEOPOS', 'Sicily', 'Palermo', 'x') + resp('GEODIST', 'Sicily', 'Palermo', 'Catania'));
    assert.ok(data.endsWith('*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n$11\r\n166274.1516\r\n'));
  });
});

describe('GEOSEARCH / GEOSEARCHSTORE / GEORADIUS*', () => {
  test('radius and box searches with every reply option', async () => {
    assert.deepEqual(await client.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC', 'WITHCOORD', 'WITHDIST', 'WITHHASH'), [
      ['Catania', '56.4413', 3479447370796909, ['15.08726745843887329', '37.50266842333162032']],
      ['Palermo', '190.4424', 3479099956230698, ['13.36138933897018433', '38.11555639549629859']],
    ]);
    assert.deepEqual(await client.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'DESC', 'WITHDIST'), [
      ['Palermo', '190.4424'],
      ['Catania', '56.4413'],
    ]);
    assert.deepEqual(await client.call('GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '100', 'km'), ['Palermo']);
    assert.deepEqual(await client.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '1'), ['Catania']);
    assert.deepEqual(await client.call('GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'), []);
    assert.deepEqual(await client.call('GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'm'), []);
    assert.deepEqual(await client.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'), [
      ['Catania', '56.4413'],
      ['Palermo', '190.4424'],
    ]);
    assert.deepEqual(await client.call('GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'DESC'), ['Catania', 'Palermo']);
  });

  test('argument errors in Redis order', async () => {
    const S = ['GEOSEARCH', 'Sicily'];
    const cases: Array<[string[], string]> = [
      [[...S, 'BYRADIUS', '1', 'km', 'WITHDIST', 'ASC'], 'ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH'],
      [[...S, 'FROMLONLAT', '1', '1', 'ASC', 'ASC'], 'ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'],
      [[...S, 'FROMLONLAT', '1', '1', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'], 'ERR syntax error'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'ANY'], 'ERR the ANY argument requires COUNT argument'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'COUNT', '0'], 'ERR COUNT must be > 0'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYRADIUS', 'x', 'km'], 'ERR need numeric radius'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYRADIUS', '-1', 'km'], 'ERR radius cannot be negative'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYBOX', '1', 'x', 'km'], 'ERR need numeric height'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYBOX', '-1', '1', 'km'], 'ERR height or width cannot be negative'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYBOX', '1', '1', 'yd'], 'ERR unsupported unit provided. please use M, KM, FT, MI'],
      [[...S, 'FROMMEMBER', 'nosuch', 'BYRADIUS', '1', 'km'], 'ERR could not decode requested zset member'],
      [[...S, 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'STORE', 'd'], 'ERR syntax error'],
      [['GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'WITHDIST'], 'ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'],
      [['GEORADIUS', 'Sicily', '1', '1', '1', 'km', 'STORE', 'd', 'WITHHASH'], 'ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'],
      [['GEORADIUS_RO', 'Sicily', '1', '1', '1', 'km', 'STORE', 'd'], 'ERR syntax error'],
      [['GEORADIUS', 'Sicily', '1', '95', '1', 'km'], 'ERR invalid longitude,latitude pair 1.000000,95.000000'],
      [['GEORADIUSBYMEMBER', 'Sicily', 'nosuch', '1', 'km'], 'ERR could not decode requested zset member'],
    ];
    for (const [argv, msg] of cases) assert.equal(await err(client.call(argv[0], ...argv.slice(1))), msg, argv.join(' '));
    assert.deepEqual(await client.call('GEORADIUSBYMEMBER', 'nokey', 'nosuch', 'x', 'km'), [], 'no source: radius not parsed');
  });

  test('STORE, STOREDIST and GEOSEARCHSTORE write sorted sets and delete on empty results', async () => {
    assert.equal(await client.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'), 2);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), ['Palermo', '3479099956230698', 'Catania', '3479447370796909']);
    assert.equal(await client.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'), 2);
    assert.deepEqual(await client.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES'), ['Catania', '56.441257870158204', 'Palermo', '190.44242984775784']);
    assert.equal(await client.call('GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd2', 'COUNT', '1'), 1);
    assert.deepEqual(await client.call('ZRANGE', 'd2', '0', '-1'), ['Catania']);
    assert.equal(await client.call('GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '1', 'km', 'STORE', 'd2'), 1);
    assert.equal(await client.call('GEOSEARCHSTORE', 'd', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'), 0);
    assert.equal(await client.call('EXISTS', 'd'), 0);
    assert.equal(await client.call('GEORADIUS', 'nokey', '15', '37', '200', 'km', 'STORE', 'd2'), 0);
    assert.equal(await client.call('EXISTS', 'd2'), 0);
    assert.deepEqual(await client.call('COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'STORE', 'a', 'STOREDIST', 'b'), ['k', 'a', 'b']);
  });

  test('points near the antimeridian and the poles', async () => {
    await client.call('GEOADD', 'edge', '179.999', '0.5', 'east', '-179.999', '0.5', 'west', '0', '85', 'north');
    // Like Redis, the search does not wrap around the antimeridian.
    assert.deepEqual(await client.call('GEOSEARCH', 'edge', 'FROMLONLAT', '180', '0.5', 'BYRADIUS', '50', 'km', 'ASC'), ['east']);
    assert.deepEqual(await client.call('GEOSEARCH', 'edge', 'FROMLONLAT', '90', '85', 'BYRADIUS', '1000', 'km'), ['north']);
  });
});
