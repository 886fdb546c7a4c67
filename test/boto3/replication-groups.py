"""Drives replication groups and cache clusters through boto3 (with its waiters) against the
emulator at argv[1]; prints one JSON object with what the test checks."""
import json

from emulator_client import client, error

fast = {"Delay": 1, "MaxAttempts": 30}
out = {}


created = client.create_replication_group(
    ReplicationGroupId="Boto-RG",
    ReplicationGroupDescription="from boto3",
    NumCacheClusters=2,
    CacheNodeType="cache.t3.micro",
    Engine="redis",
    AutomaticFailoverEnabled=True,
)["ReplicationGroup"]
out["created"] = {"id": created["ReplicationGroupId"], "status": created["Status"], "members": created["MemberClusters"]}
client.get_waiter("replication_group_available").wait(ReplicationGroupId="boto-rg", WaiterConfig=fast)
group = client.describe_replication_groups(ReplicationGroupId="boto-rg")["ReplicationGroups"][0]
out["described"] = {
    "status": group["Status"],
    "failover": group["AutomaticFailover"],
    "roles": [m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]],
    "has_endpoints": "PrimaryEndpoint" in group["NodeGroups"][0] and "ReaderEndpoint" in group["NodeGroups"][0],
}
client.increase_replica_count(ReplicationGroupId="boto-rg", NewReplicaCount=2, ApplyImmediately=True)
client.get_waiter("replication_group_available").wait(ReplicationGroupId="boto-rg", WaiterConfig=fast)
out["after_increase"] = client.describe_replication_groups(ReplicationGroupId="boto-rg")["ReplicationGroups"][0]["MemberClusters"]
client.decrease_replica_count(ReplicationGroupId="boto-rg", NewReplicaCount=1, ApplyImmediately=True)
client.get_waiter("replication_group_available").wait(ReplicationGroupId="boto-rg", WaiterConfig=fast)
out["after_decrease"] = client.describe_replication_groups(ReplicationGroupId="boto-rg")["ReplicationGroups"][0]["MemberClusters"]
modified = client.modify_replication_group(ReplicationGroupId="boto-rg", ReplicationGroupDescription="changed", ApplyImmediately=True)["ReplicationGroup"]
out["modified"] = {"status": modified["Status"], "description": modified["Description"]}
out["no_change"] = error(client.modify_replication_group, ReplicationGroupId="boto-rg", ReplicationGroupDescription="changed")
out["af_one"] = error(
    client.create_replication_group,
    ReplicationGroupId="one",
    ReplicationGroupDescription="d",
    NumCacheClusters=1,
    CacheNodeType="cache.t3.micro",
    AutomaticFailoverEnabled=True,
)
out["duplicate"] = error(client.create_replication_group, ReplicationGroupId="boto-rg", ReplicationGroupDescription="d", CacheNodeType="cache.t3.micro")
members = [c["CacheClusterId"] for page in client.get_paginator("describe_cache_clusters").paginate(PaginationConfig={"PageSize": 20}) for c in page["CacheClusters"] if c.get("ReplicationGroupId") == "boto-rg"]
out["member_clusters"] = members
client.delete_replication_group(ReplicationGroupId="boto-rg")
client.get_waiter("replication_group_deleted").wait(ReplicationGroupId="boto-rg", WaiterConfig=fast)
out["after_delete"] = error(client.describe_replication_groups, ReplicationGroupId="boto-rg")

client.create_cache_cluster(CacheClusterId="boto-cluster", CacheNodeType="cache.t3.micro", Engine="redis", NumCacheNodes=1)
client.get_waiter("cache_cluster_available").wait(CacheClusterId="boto-cluster", WaiterConfig=fast)
cluster = client.describe_cache_clusters(CacheClusterId="boto-cluster", ShowCacheNodeInfo=True)["CacheClusters"][0]
out["cluster"] = {"status": cluster["CacheClusterStatus"], "node": cluster["CacheNodes"][0]["CacheNodeId"], "port": cluster["CacheNodes"][0]["Endpoint"]["Port"]}
client.delete_cache_cluster(CacheClusterId="boto-cluster")
client.get_waiter("cache_cluster_deleted").wait(CacheClusterId="boto-cluster", WaiterConfig=fast)
out["cluster_gone"] = error(client.describe_cache_clusters, CacheClusterId="boto-cluster")
print(json.dumps(out))
