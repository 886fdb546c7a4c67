import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseStringPromise } from 'xml2js';
import type { Emulator } from '../bin/emulator.ts';
import { startTestEmulator, waitFor } from './helpers/emulator.ts';

interface Answer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: string;
}

async function post(em: Emulator, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${em.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), requestId: res.headers.get('x-amzn-requestid'), body: await res.text() };
}

async function errorOf(a: Answer): Promise<{ type: string; code: string; message: string; requestId: string }> {
  const doc = await parseStringPromise(a.body);
  const err = doc.ErrorResponse.Error[0];
  return { type: err.Type[0], code: err.Code[0], message: err.Message[0], requestId: doc.ErrorResponse.RequestId[0] };
}

const create = 'Action=CreateCacheCluster&Version=2015-02-02&CacheNodeType=cache.t3.micro';

describe('the Query protocol', () => {
  let em: Emulator;
  before(async () => {
    em = await startTestEmulator();
  });
  after(() => em.stop());

  test('a missing Action is MissingAction; an unknown one InvalidAction', async () => {
    const a = await post(em, 'Version=2015-02-02');
    assert.equal(a.status, 400);
    assert.match(a.contentType ?? '', /text\/xml/);
    const e = await errorOf(a);
    assert.deepEqual([e.type, e.code], ['Sender', 'MissingAction']);
    const b = await post(em, 'Action=LaunchRockets&Version=2015-02-02');
    assert.equal(b.status, 400);
    assert.equal((await errorOf(b)).code, 'InvalidAction');
  });

  test('an operation not implemented yet answers a 400 Query error that says so', async () => {
    const a = await post(em, 'Action=DescribeServerlessCaches&Version=2015-02-02');
    assert.equal(a.status, 400);
    const e = await errorOf(a);
    assert.equal(e.code, 'InvalidAction');
    assert.match(e.message, /DescribeServerlessCaches is not implemented/);
  });

  test('missing required members and values of the wrong type name the parameter', async () => {
    const missing = await errorOf(await post(em, create));
    assert.equal(missing.code, 'MissingParameter');
    assert.match(missing.message, /CacheClusterId/);
    const cases: Array<[string, string]> = [
      ['&CacheClusterId=a&NumCacheNodes=abc', 'NumCacheNodes'],
      ['&CacheClusterId=a&Port=-1', 'Port'],
      ['&CacheClusterId=a&Port=1.5', 'Port'],
      ['&CacheClusterId=a&AutoMinorVersionUpgrade=maybe', 'AutoMinorVersionUpgrade'],
    ];
    for (const [extra, param] of cases) {
      const a = await post(em, create + extra);
      assert.equal(a.status, 400, extra);
      const e = await errorOf(a);
      assert.equal(e.code, 'InvalidParameterValue', extra);
      assert.match(e.message, new RegExp(param), extra);
    }
    const ts = await post(em, 'Action=DescribeEvents&Version=2015-02-02&StartTime=yesterday');
    assert.equal(ts.status, 400);
    const e = await errorOf(ts);
    assert.equal(e.code, 'InvalidParameterValue');
    assert.match(e.message, /StartTime/);
  });

  test('responses carry a unique RequestId, in the body and the x-amzn-RequestId header', async () => {
    const a = await post(em, 'Action=DescribeCacheClusters&Version=2015-02-02');
    const b = await post(em, 'Action=DescribeCacheClusters&Version=2015-02-02');
    assert.equal(a.status, 200);
    const doc = await parseStringPromise(a.body);
    const id = doc.DescribeCacheClustersResponse.ResponseMetadata[0].RequestId[0];
    assert.equal(id, a.requestId);
    assert.notEqual(a.requestId, b.requestId);
    assert.match(a.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(doc.DescribeCacheClustersResponse.$.xmlns, 'http://elasticache.amazonaws.com/doc/2015-02-02/');
    const err = await post(em, 'Action=DescribeCacheClusters&Version=2015-02-02&CacheClusterId=zzz');
    assert.equal(err.status, 404);
    assert.equal((await errorOf(err)).requestId, err.requestId);
  });

  test('GET with a query string works like POST', async () => {
    const res = await fetch(`${em.url}/?Action=DescribeCacheClusters&Version=2015-02-02&MaxRecords=20`);
    assert.equal(res.status, 200);
    const doc = await parseStringPromise(await res.text());
    assert.ok(doc.DescribeCacheClustersResponse.DescribeCacheClustersResult);
  });

  test('the account comes from a 12-digit access key and the region from the credential scope', async () => {
    const auth = (key: string, region: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${key}/20261123/${region}/elasticache/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`,
    });
    const a = await post(em, `${create}&CacheClusterId=scoped`, auth('210987654321', 'ap-southeast-2'));
    const doc = await parseStringPromise(a.body);
    assert.equal(doc.CreateCacheClusterResponse.CreateCacheClusterResult[0].CacheCluster[0].ARN[0], 'arn:aws:elasticache:ap-southeast-2:210987654321:cluster:scoped');
    const b = await post(em, `${create}&CacheClusterId=unsigned`);
    const doc2 = await parseStringPromise(b.body);
    assert.equal(doc2.CreateCacheClusterResponse.CreateCacheClusterResult[0].CacheCluster[0].ARN[0], 'arn:aws:elasticache:us-east-1:000000000000:cluster:unsigned');
    const c = await post(em, `${create}&CacheClusterId=named-key`, auth('AKIAEXAMPLE', 'us-west-2'));
    const doc3 = await parseStringPromise(c.body);
    assert.equal(doc3.CreateCacheClusterResponse.CreateCacheClusterResult[0].CacheCluster[0].ARN[0], 'arn:aws:elasticache:us-west-2:000000000000:cluster:named-key');
  });

  test('hostile input never produces a 5xx or HTML', async () => {
    const bodies: Array<string | Buffer> = [
      Buffer.from([0, 255, 1, 254, 37, 37, 37]),
      '%%%&&&===',
      'Action=CreateCacheCluster&Version=2015-02-02&CacheClusterId=' + 'a'.repeat(100000),
      'Action=CreateCacheCluster&Version=2015-02-02&CacheClusterId=x&Tags.Tag.999999999.Key=k',
      'Action=DescribeCacheClusters&Version=1999-01-01',
    ];
    for (const body of bodies) {
      const a = await post(em, body);
      assert.ok(a.status >= 400 && a.status < 500, `status ${a.status} for ${String(body).slice(0, 40)}`);
      assert.match(a.body, /^<ErrorResponse/);
    }
    const nowhere = await fetch(`${em.url}/no/such/path`);
    assert.equal(nowhere.status, 404);
    assert.match(await nowhere.text(), /^<ErrorResponse/);
  });

  test('health answers JSON; reset wipes every resource and stops its nodes', async () => {
    await post(em, `${create}&CacheClusterId=reset-me`);
    await waitFor(async () => em.provisioner.runningNodes > 0);
    const h = await (await fetch(`${em.url}/_elasticache/health`)).json();
    assert.equal(h.status, 'running');
    assert.equal(typeof h.version, 'string');
    assert.equal(typeof h.uptimeSeconds, 'number');
    assert.ok(h.resources.cacheClusters >= 1);
    const r = await fetch(`${em.url}/_elasticache/reset`, { method: 'POST' });
    assert.equal(r.status, 200);
    const after = await (await fetch(`${em.url}/_elasticache/health`)).json();
    assert.equal(after.resources.cacheClusters, 0);
    assert.equal(after.runningNodes, 0);
    const list = await parseStringPromise((await post(em, 'Action=DescribeCacheClusters&Version=2015-02-02')).body);
    assert.equal(list.DescribeCacheClustersResponse.DescribeCacheClustersResult[0].CacheClusters[0], '');
  });
});
