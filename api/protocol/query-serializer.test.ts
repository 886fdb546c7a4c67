import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import {
  CacheClusterNotFoundFault as SdkCacheClusterNotFoundFault,
  CreateUserCommand,
  DeleteCacheParameterGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReservedCacheNodesCommand,
  ElastiCacheClient,
  ElastiCacheServiceException,
  InvalidParameterValueException as SdkInvalidParameterValueException,
  ReplicationGroupNotFoundFault as SdkReplicationGroupNotFoundFault,
} from "@aws-sdk/client-elasticache";
import { HttpResponse } from "@smithy/core/protocols";
import { CacheClusterNotFoundFault, InvalidParameterValueException, ReplicationGroupNotFoundFault } from "../model/generated/faults.ts";
import type { CacheCluster, OperationName, OperationOutputs } from "../model/generated/types.ts";
import { InternalFailureFault, MissingParameterFault, type AwsFault } from "./aws-fault.ts";
import { loadModel, ServiceModel } from "./model.ts";
import { escapeXml, serializeError, serializeResponse } from "./query-serializer.ts";

const model = loadModel();
const REQUEST_ID = "e21c81b4-b9cd-11e3-8a16-7978bb24ffdf";

/** An SDK client whose transport answers every request with the given status and XML body. */
function clientAnswering(statusCode: number, xml: string): ElastiCacheClient {
  return new ElastiCacheClient({
    region: "us-east-1",
    endpoint: "http://localhost:1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: new HttpResponse({
          statusCode,
          headers: { "content-type": "text/xml", "x-amzn-requestid": REQUEST_ID },
          body: Readable.from([Buffer.from(xml)]),
        }),
      }),
    },
  });
}

function respond<Op extends OperationName>(operation: Op, output: OperationOutputs[Op]): ElastiCacheClient {
  return clientAnswering(200, serializeResponse(model, operation, output, REQUEST_ID));
}

async function sdkError(fault: AwsFault): Promise<unknown> {
  const client = clientAnswering(fault.httpStatus, serializeError(fault, REQUEST_ID));
  return client.send(new DescribeCacheClustersCommand({})).then(
    () => assert.fail("expected the SDK to throw"),
    (error: unknown) => error,
  );
}

const created = new Date("2016-12-21T21:59:43.794Z");

const cluster: CacheCluster = {
  CacheClusterId: "my-rg-001",
  ClientDownloadLandingPage: "https://console.aws.amazon.com/elasticache/home#client-download:",
  CacheNodeType: "cache.r7g.large",
  Engine: "redis",
  EngineVersion: "7.1.0",
  CacheClusterStatus: "available",
  NumCacheNodes: 1,
  PreferredAvailabilityZone: "us-east-1a",
  CacheClusterCreateTime: created,
  PreferredMaintenanceWindow: "sun:05:00-sun:06:00",
  PendingModifiedValues: {},
  NotificationConfiguration: { TopicArn: "arn:aws:sns:us-east-1:123456789012:topic", TopicStatus: "active" },
  CacheSecurityGroups: [],
  CacheParameterGroup: {
    CacheParameterGroupName: "default.redis7",
    ParameterApplyStatus: "in-sync",
    CacheNodeIdsToReboot: ["0001", "0002"],
  },
  CacheSubnetGroupName: "default",
  CacheNodes: [
    {
      CacheNodeId: "0001",
      CacheNodeStatus: "available",
      CacheNodeCreateTime: created,
      Endpoint: { Address: "my-rg-001.abc123.0001.use1.cache.amazonaws.com", Port: 6379 },
      ParameterGroupStatus: "in-sync",
      CustomerAvailabilityZone: "us-east-1a",
    },
    {
      CacheNodeId: "0002",
      CacheNodeStatus: "creating",
      CacheNodeCreateTime: new Date("2024-02-29T23:59:59.001Z"),
      Endpoint: { Address: "my-rg-001.abc123.0002.use1.cache.amazonaws.com", Port: 0 },
    },
  ],
  AutoMinorVersionUpgrade: true,
  SecurityGroups: [
    { SecurityGroupId: "sg-0123", Status: "active" },
    { SecurityGroupId: "sg-4567", Status: "active" },
  ],
  ReplicationGroupId: "my-rg",
  SnapshotRetentionLimit: 0,
  AuthTokenEnabled: false,
  TransitEncryptionEnabled: true,
  AtRestEncryptionEnabled: false,
  ARN: "arn:aws:elasticache:us-east-1:123456789012:cluster:my-rg-001",
  ReplicationGroupLogDeliveryEnabled: false,
  LogDeliveryConfigurations: [
    {
      LogType: "slow-log",
      DestinationType: "cloudwatch-logs",
      DestinationDetails: { CloudWatchLogsDetails: { LogGroup: "/aws/elasticache/slow" } },
      LogFormat: "json",
      Status: "active",
      Message: "<ok> & \"quoted\" 'single'\r\nnext line, ünïcødé ✓",
    },
  ],
  NetworkType: "ipv4",
};

test("a DescribeCacheClusters result round-trips through the SDK's own parser", async () => {
  const out = await respond("DescribeCacheClusters", { Marker: "next-page", CacheClusters: [cluster] }).send(
    new DescribeCacheClustersCommand({}),
  );
  assert.equal(out.Marker, "next-page");
  assert.deepEqual(out.CacheClusters, [cluster]);
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.equal(out.$metadata.requestId, REQUEST_ID);
});

test("an empty list and an empty page serialize as empty elements", async () => {
  const xml = serializeResponse(model, "DescribeCacheClusters", { CacheClusters: [] }, REQUEST_ID);
  assert.equal(
    xml,
    '<DescribeCacheClustersResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">' +
      "<DescribeCacheClustersResult><CacheClusters/></DescribeCacheClustersResult>" +
      `<ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></DescribeCacheClustersResponse>`,
  );
  const out = await clientAnswering(200, xml).send(new DescribeCacheClustersCommand({}));
  assert.deepEqual(out.CacheClusters, []);
  assert.equal(out.Marker, undefined);
});

test("members are written in model order with model element names, and unset members are omitted", () => {
  const xml = serializeResponse(model, "DescribeCacheClusters", { CacheClusters: [cluster] }, REQUEST_ID);
  assert.match(xml, /<CacheClusters><CacheCluster><CacheClusterId>my-rg-001<\/CacheClusterId><ClientDownloadLandingPage>/);
  assert.match(xml, /<CacheNodeIdsToReboot><CacheNodeId>0001<\/CacheNodeId><CacheNodeId>0002<\/CacheNodeId><\/CacheNodeIdsToReboot>/);
  assert.match(xml, /<SecurityGroups><member><SecurityGroupId>sg-0123<\/SecurityGroupId>/);
  assert.match(xml, /<CacheClusterCreateTime>2016-12-21T21:59:43\.794Z<\/CacheClusterCreateTime>/);
  assert.match(xml, /<PendingModifiedValues><\/PendingModifiedValues>/);
  assert.match(xml, /<AutoMinorVersionUpgrade>true<\/AutoMinorVersionUpgrade>/);
  assert.match(xml, /<Message>&lt;ok&gt; &amp; "quoted" 'single'&#xD;\nnext line/);
  assert.doesNotMatch(xml, /ConfigurationEndpoint|PreferredOutpostArn/);
});

test("an output that is the resource itself, and doubles, round-trip", async () => {
  const user = {
    UserId: "alice",
    UserName: "alice",
    Status: "active",
    Engine: "redis",
    MinimumEngineVersion: "6.0",
    AccessString: "on ~* +@all",
    UserGroupIds: ["ug1", "ug2"],
    Authentication: { Type: "password", PasswordCount: 2 },
    ARN: "arn:aws:elasticache:us-east-1:123456789012:user:alice",
  };
  const out = await respond("CreateUser", user).send(
    new CreateUserCommand({ UserId: "alice", UserName: "alice", Engine: "redis", AccessString: "on ~* +@all" }),
  );
  const { $metadata, ...fields } = out;
  assert.deepEqual(fields, user);

  const node = {
    ReservedCacheNodeId: "r1",
    StartTime: created,
    Duration: 31536000,
    FixedPrice: 123.45,
    UsagePrice: 0.017,
    CacheNodeCount: 2,
    RecurringCharges: [{ RecurringChargeAmount: 0.5, RecurringChargeFrequency: "Hourly" }],
  };
  const page = await respond("DescribeReservedCacheNodes", { ReservedCacheNodes: [node] }).send(
    new DescribeReservedCacheNodesCommand({}),
  );
  assert.deepEqual(page.ReservedCacheNodes, [node]);
});

test("an operation without output has no Result element", async () => {
  const xml = serializeResponse(model, "DeleteCacheParameterGroup", undefined, REQUEST_ID);
  assert.equal(
    xml,
    '<DeleteCacheParameterGroupResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">' +
      `<ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></DeleteCacheParameterGroupResponse>`,
  );
  const out = await clientAnswering(200, xml).send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: "pg" }));
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test("a modeled fault becomes the SDK's typed exception", async () => {
  const error = await sdkError(new CacheClusterNotFoundFault("CacheCluster not found: my-cluster"));
  assert.ok(error instanceof SdkCacheClusterNotFoundFault);
  assert.equal(error.message, "CacheCluster not found: my-cluster");
  assert.equal(error.$metadata.httpStatusCode, 404);
  assert.equal(error.$metadata.requestId, REQUEST_ID);
  assert.equal(error.$fault, "client");

  // The wire code is not always the shape name minus "Fault".
  const rg = await sdkError(new ReplicationGroupNotFoundFault());
  assert.ok(rg instanceof SdkReplicationGroupNotFoundFault);
  assert.equal(rg.message, "The specified replication group does not exist.");

  const ipv = await sdkError(new InvalidParameterValueException("bad <value> & more"));
  assert.ok(ipv instanceof SdkInvalidParameterValueException);
  assert.equal(ipv.message, "bad <value> & more");
  assert.equal(ipv.$metadata.httpStatusCode, 400);
});

test("an unmodeled fault reaches the SDK with its code, and 5xx faults are Receiver faults", async () => {
  const missing = await sdkError(new MissingParameterFault("CacheClusterId"));
  assert.ok(missing instanceof ElastiCacheServiceException);
  assert.equal(missing.name, "MissingParameter");
  assert.equal(missing.message, "The request must contain the parameter CacheClusterId");
  assert.equal(missing.$metadata.httpStatusCode, 400);

  const internal = new InternalFailureFault();
  assert.match(serializeError(internal, REQUEST_ID), /<Type>Receiver<\/Type><Code>InternalFailure<\/Code>/);
  assert.equal(internal.senderFault, false);
});

test("the error envelope matches the service's", () => {
  assert.equal(
    serializeError(new CacheClusterNotFoundFault("CacheCluster not found: a&b"), "rid"),
    '<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type>' +
      "<Code>CacheClusterNotFound</Code><Message>CacheCluster not found: a&amp;b</Message></Error>" +
      "<RequestId>rid</RequestId></ErrorResponse>",
  );
});

test("values of the wrong type are reported as handler bugs", () => {
  const bad = { CacheClusters: [{ CacheClusterId: "c", NumCacheNodes: "1" }] } as unknown as OperationOutputs["DescribeCacheClusters"];
  assert.throws(() => serializeResponse(model, "DescribeCacheClusters", bad, REQUEST_ID), {
    name: "TypeError",
    message: "output CacheClusterMessage.CacheClusters[].NumCacheNodes must be a finite number, got string",
  });
  const badDate = { CacheClusters: [{ CacheClusterCreateTime: "2024-01-01" }] } as unknown as OperationOutputs["DescribeCacheClusters"];
  assert.throws(() => serializeResponse(model, "DescribeCacheClusters", badDate, REQUEST_ID), TypeError);
});

test("escapeXml leaves plain text alone", () => {
  const plain = "cache.r7g.large";
  assert.equal(escapeXml(plain), plain);
  assert.equal(escapeXml("a<b>&\r"), "a&lt;b&gt;&amp;&#xD;");
});

test("member xmlName and xmlFlattened are honoured (no ElastiCache shape uses them today)", () => {
  const synthetic = new ServiceModel({
    ...model.json,
    operations: { DescribeCacheClusters: { name: "DescribeCacheClusters", input: null, output: "Out", errors: [] } },
    shapes: {
      ...model.json.shapes,
      Out: {
        type: "structure",
        members: [
          { name: "Ids", target: "IdList", required: false, xmlName: "Id", xmlFlattened: true },
          { name: "Renamed", target: "string", required: false, xmlName: "WireName" },
        ],
      },
      IdList: { type: "list", member: { target: "string", xmlName: "Ignored" } },
    },
  });
  const xml = serializeResponse(synthetic, "DescribeCacheClusters", { Ids: ["a", "b"], Renamed: "x" } as never, "r");
  assert.match(xml, /<DescribeCacheClustersResult><Id>a<\/Id><Id>b<\/Id><WireName>x<\/WireName><\/DescribeCacheClustersResult>/);
});
