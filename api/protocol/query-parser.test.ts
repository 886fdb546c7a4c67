import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import {
  CreateReplicationGroupCommand,
  CreateServerlessCacheCommand,
  DescribeEventsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  IncreaseReplicaCountCommand,
  ModifyCacheParameterGroupCommand,
  type CreateReplicationGroupCommandInput,
} from "@aws-sdk/client-elasticache";
import { HttpResponse } from "@smithy/core/protocols";
import { InvalidParameterValueException } from "../model/generated/faults.ts";
import { InvalidActionFault, MissingParameterFault } from "./aws-fault.ts";
import { loadModel, ServiceModel } from "./model.ts";
import { parseBoolean, parseInteger, parseQueryInput, parseTimestamp } from "./query-parser.ts";
import type { OperationName } from "../model/generated/types.ts";

const model = loadModel();

/** What the SDK puts on the wire for a call: its transport records the form body and answers with an empty result. */
async function sdkRequestBody(call: (client: ElastiCacheClient) => Promise<unknown>): Promise<URLSearchParams> {
  let body = "";
  const client = new ElastiCacheClient({
    region: "us-east-1",
    endpoint: "http://localhost:1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body: string }) => {
        body = request.body;
        return {
          response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([Buffer.from("<R/>")]) }),
        };
      },
    },
  });
  await call(client);
  return new URLSearchParams(body);
}

function parse(operation: OperationName, query: string): unknown {
  return parseQueryInput(model, operation, new URLSearchParams(query));
}

function assertFault(fn: () => unknown, type: new (...args: never[]) => Error, code: string, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal((error as { code?: string }).code, code);
    assert.equal(error.message, message);
    return true;
  });
}

test("what the SDK sends for CreateReplicationGroup parses back to the same input", async () => {
  const input: CreateReplicationGroupCommandInput = {
    ReplicationGroupId: "my-rg",
    ReplicationGroupDescription: "a group & more = 100% ünïcødé",
    AutomaticFailoverEnabled: true,
    MultiAZEnabled: false,
    NumNodeGroups: 2,
    NodeGroupConfiguration: [
      { NodeGroupId: "0001", Slots: "0-8191", ReplicaCount: 1, PrimaryAvailabilityZone: "us-east-1a", ReplicaAvailabilityZones: ["us-east-1b"] },
      { NodeGroupId: "0002", Slots: "8192-16383", ReplicaCount: 2, ReplicaAvailabilityZones: ["us-east-1c", "us-east-1a"] },
    ],
    CacheNodeType: "cache.r7g.large",
    Engine: "valkey",
    SecurityGroupIds: [],
    Tags: [
      { Key: "team", Value: "cache" },
      { Key: "env", Value: "" },
    ],
    Port: 6380,
    SnapshotRetentionLimit: 0,
    UserGroupIds: ["ug-1"],
    LogDeliveryConfigurations: [
      {
        LogType: "slow-log",
        DestinationType: "cloudwatch-logs",
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: "/aws/elasticache/slow" } },
        LogFormat: "json",
        Enabled: true,
      },
    ],
  };
  const params = await sdkRequestBody((c) => c.send(new CreateReplicationGroupCommand(input)));
  assert.equal(params.get("SecurityGroupIds"), "");
  assert.equal(params.get("NodeGroupConfiguration.NodeGroupConfiguration.2.ReplicaAvailabilityZones.AvailabilityZone.2"), "us-east-1a");
  assert.equal(params.get("UserGroupIds.member.1"), "ug-1");
  assert.deepEqual(parseQueryInput(model, "CreateReplicationGroup", params), input);
});

test("nested member lists, nested structures and timestamps round-trip from the SDK", async () => {
  const users = { Engine: "redis", Filters: [{ Name: "user-id", Values: ["alice", "bob"] }, { Name: "x", Values: [] }], MaxRecords: 50 };
  assert.deepEqual(parseQueryInput(model, "DescribeUsers", await sdkRequestBody((c) => c.send(new DescribeUsersCommand(users)))), users);

  const serverless = {
    ServerlessCacheName: "sc",
    Engine: "valkey",
    CacheUsageLimits: { DataStorage: { Maximum: 10, Minimum: 1, Unit: "GB" as const }, ECPUPerSecond: { Maximum: 5000 } },
    SubnetIds: ["subnet-1", "subnet-2"],
  };
  assert.deepEqual(
    parseQueryInput(model, "CreateServerlessCache", await sdkRequestBody((c) => c.send(new CreateServerlessCacheCommand(serverless)))),
    serverless,
  );

  const events = { StartTime: new Date("2024-01-02T03:04:05.123Z"), EndTime: new Date("2024-01-02T04:00:00Z"), Duration: 60 };
  assert.deepEqual(parseQueryInput(model, "DescribeEvents", await sdkRequestBody((c) => c.send(new DescribeEventsCommand(events)))), events);

  const shards = {
    ReplicationGroupId: "rg",
    ApplyImmediately: true,
    ReplicaConfiguration: [{ NodeGroupId: "0001", NewReplicaCount: 3, PreferredAvailabilityZones: ["a", "b", "c", "d"] }],
  };
  assert.deepEqual(parseQueryInput(model, "IncreaseReplicaCount", await sdkRequestBody((c) => c.send(new IncreaseReplicaCountCommand(shards)))), shards);

  const pg = { CacheParameterGroupName: "pg", ParameterNameValues: [{ ParameterName: "maxmemory-policy", ParameterValue: "allkeys-lru" }] };
  assert.deepEqual(parseQueryInput(model, "ModifyCacheParameterGroup", await sdkRequestBody((c) => c.send(new ModifyCacheParameterGroupCommand(pg)))), pg);
});

test("list indices are ordered numerically and may have gaps; unknown parameters are ignored", () => {
  const query = [
    "Action=AddTagsToResource&Version=2015-02-02&ResourceName=arn",
    "Tags.Tag.10.Key=ten&Tags.Tag.10.Value=10",
    "Tags.Tag.2.Key=two&Tags.Tag.2.Value=2",
    "Tags.Tag.1.Key=one",
    "Tags.Tag.0.Key=zero&Tags.Tag.x.Key=x&Tags.member.1.Key=wrong-element",
    "Bogus=1&ResourceName.Extra=1",
  ].join("&");
  assert.deepEqual(parse("AddTagsToResource", query), {
    ResourceName: "arn",
    Tags: [{ Key: "one" }, { Key: "two", Value: "2" }, { Key: "ten", Value: "10" }],
  });
});

test("a plain record of parameters is accepted too", () => {
  assert.deepEqual(
    parseQueryInput(model, "DeleteCacheCluster", { CacheClusterId: "c1", FinalSnapshotIdentifier: "snap" }),
    { CacheClusterId: "c1", FinalSnapshotIdentifier: "snap" },
  );
});

test("scalars are typed and validated, naming the parameter", () => {
  const base = "CacheClusterId=c1";
  assert.deepEqual(parse("CreateCacheCluster", `${base}&NumCacheNodes=%2B3&Port=-1&AutoMinorVersionUpgrade=TRUE`), {
    CacheClusterId: "c1",
    NumCacheNodes: 3,
    Port: -1,
    AutoMinorVersionUpgrade: true,
  });
  assertFault(
    () => parse("CreateCacheCluster", `${base}&NumCacheNodes=abc`),
    InvalidParameterValueException,
    "InvalidParameterValue",
    'Invalid value for parameter NumCacheNodes: "abc" is not a valid integer',
  );
  assertFault(
    () => parse("CreateCacheCluster", `${base}&Port=1.5`),
    InvalidParameterValueException,
    "InvalidParameterValue",
    'Invalid value for parameter Port: "1.5" is not a valid integer',
  );
  for (const bad of ["", " 1", "1e3", "0x10", "2147483648", "-2147483649"]) {
    assert.throws(() => parse("CreateCacheCluster", `${base}&NumCacheNodes=${encodeURIComponent(bad)}`), InvalidParameterValueException, bad);
  }
  assert.equal(parseInteger("MaxRecords", "2147483647"), 2147483647);
  assert.equal(parseInteger("MaxRecords", "-2147483648"), -2147483648);
  assertFault(
    () => parse("CreateReplicationGroup", "ReplicationGroupId=rg&ReplicationGroupDescription=d&AutomaticFailoverEnabled=maybe"),
    InvalidParameterValueException,
    "InvalidParameterValue",
    'Invalid value for parameter AutomaticFailoverEnabled: "maybe" is not a valid boolean',
  );
  assert.equal(parseBoolean("X", "False"), false);
  assertFault(
    () => parse("DescribeEvents", "StartTime=yesterday"),
    InvalidParameterValueException,
    "InvalidParameterValue",
    'Invalid value for parameter StartTime: "yesterday" is not a valid timestamp',
  );
  assertFault(
    () => parse("IncreaseReplicaCount", "ReplicationGroupId=rg&ApplyImmediately=true&ReplicaConfiguration.ConfigureShard.1.NodeGroupId=0001&ReplicaConfiguration.ConfigureShard.1.NewReplicaCount=x"),
    InvalidParameterValueException,
    "InvalidParameterValue",
    'Invalid value for parameter ReplicaConfiguration.ConfigureShard.1.NewReplicaCount: "x" is not a valid integer',
  );
});

test("timestamps accept any ISO 8601 precision, offsets and epoch seconds", () => {
  const at = (raw: string) => parseTimestamp("StartTime", raw).toISOString();
  assert.equal(at("2024-01-02T03:04:05.123456Z"), "2024-01-02T03:04:05.123Z");
  assert.equal(at("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05.000Z");
  assert.equal(at("2024-01-02T03:04:05.1Z"), "2024-01-02T03:04:05.100Z");
  assert.equal(at("2024-01-02T03:04:05+02:00"), "2024-01-02T01:04:05.000Z");
  assert.equal(at("2024-01-02T03:04:05-0130"), "2024-01-02T04:34:05.000Z");
  assert.equal(at("2024-01-02T03:04:05"), "2024-01-02T03:04:05.000Z");
  assert.equal(at("2024-01-02"), "2024-01-02T00:00:00.000Z");
  assert.equal(at("1704164645"), "2024-01-02T03:04:05.000Z");
  assert.equal(at("1704164645.5"), "2024-01-02T03:04:05.500Z");
  for (const bad of ["yesterday", "", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04Z", "2024-01-02T03:04:05+25:00"]) {
    assert.throws(() => parseTimestamp("StartTime", bad), InvalidParameterValueException, bad);
  }
});

test("a missing required member is MissingParameter, with the dotted path when nested", () => {
  assertFault(
    () => parse("CreateCacheCluster", "Action=CreateCacheCluster&NumCacheNodes=1"),
    MissingParameterFault,
    "MissingParameter",
    "The request must contain the parameter CacheClusterId",
  );
  assertFault(
    () => parse("IncreaseReplicaCount", "ReplicationGroupId=rg&ApplyImmediately=true&ReplicaConfiguration.ConfigureShard.1.NodeGroupId=0001"),
    MissingParameterFault,
    "MissingParameter",
    "The request must contain the parameter ReplicaConfiguration.ConfigureShard.1.NewReplicaCount",
  );
  // An empty value is present (identifier rules are the handler's business).
  assert.deepEqual(parse("DeleteCacheCluster", "CacheClusterId="), { CacheClusterId: "" });
});

test("an empty list is the bare key; a list with no elements and no key is absent", () => {
  assert.deepEqual(parse("ModifyCacheCluster", "CacheClusterId=c&SecurityGroupIds="), { CacheClusterId: "c", SecurityGroupIds: [] });
  assert.deepEqual(parse("ModifyCacheCluster", "CacheClusterId=c"), { CacheClusterId: "c" });
});

test("an unknown operation is InvalidAction", () => {
  assert.equal(model.hasOperation("DescribeNothing"), false);
  assert.equal(model.hasOperation("DescribeCacheClusters"), true);
  assert.throws(() => parseQueryInput(model, "DescribeNothing" as OperationName, {}), InvalidActionFault);
});

test("member xmlName and xmlFlattened are honoured (no ElastiCache shape uses them today)", () => {
  const synthetic = new ServiceModel({
    ...model.json,
    operations: { DescribeCacheClusters: { name: "DescribeCacheClusters", input: "In", output: null, errors: [] } },
    shapes: {
      ...model.json.shapes,
      In: {
        type: "structure",
        members: [
          { name: "Ids", target: "IdList", required: false, xmlFlattened: true },
          { name: "Renamed", target: "integer", required: true, xmlName: "WireName" },
        ],
      },
      IdList: { type: "list", member: { target: "string", xmlName: "Id" } },
    },
  });
  assert.deepEqual(parseQueryInput(synthetic, "DescribeCacheClusters", { "Ids.2": "b", "Ids.1": "a", WireName: "7", Renamed: "x" }), {
    Ids: ["a", "b"],
    Renamed: 7,
  });
  assert.throws(() => parseQueryInput(synthetic, "DescribeCacheClusters", { Renamed: "7" }), { message: "The request must contain the parameter WireName" });
});
