"""Drives the resources around clusters through boto3 against an emulator whose URL is argv[1].

Prints one JSON object: what each call returned (the parts the test checks) and, for the calls
expected to fail, the error code and HTTP status botocore parsed.
"""
import json

from emulator_client import client, error

out = {}


group = client.create_cache_subnet_group(
    CacheSubnetGroupName="boto-subnets",
    CacheSubnetGroupDescription="from boto3",
    SubnetIds=["subnet-boto1", "subnet-boto2"],
    Tags=[{"Key": "sdk", "Value": "boto3"}],
)["CacheSubnetGroup"]
out["subnet_group"] = {"name": group["CacheSubnetGroupName"], "vpc": group["VpcId"], "subnets": [s["SubnetIdentifier"] for s in group["Subnets"]], "arn": group["ARN"]}
paginator = client.get_paginator("describe_cache_subnet_groups")
out["subnet_group_names"] = [g["CacheSubnetGroupName"] for page in paginator.paginate(PaginationConfig={"PageSize": 20}) for g in page["CacheSubnetGroups"]]
out["subnet_group_missing"] = error(client.describe_cache_subnet_groups, CacheSubnetGroupName="nope")

client.create_cache_parameter_group(CacheParameterGroupName="boto-params", CacheParameterGroupFamily="redis7", Description="from boto3")
client.modify_cache_parameter_group(
    CacheParameterGroupName="boto-params",
    ParameterNameValues=[{"ParameterName": "maxmemory-policy", "ParameterValue": "allkeys-lru"}, {"ParameterName": "timeout", "ParameterValue": "120"}],
)
params = [p for page in client.get_paginator("describe_cache_parameters").paginate(CacheParameterGroupName="boto-params", PaginationConfig={"PageSize": 20}) for p in page["Parameters"]]
out["parameter_count"] = len(params)
out["parameters"] = {p["ParameterName"]: p.get("ParameterValue") for p in params if p["ParameterName"] in ("maxmemory-policy", "timeout", "notify-keyspace-events")}
defaults = [p for page in client.get_paginator("describe_engine_default_parameters").paginate(CacheParameterGroupFamily="redis5.0", PaginationConfig={"PageSize": 20}) for p in page["EngineDefaults"]["Parameters"]]
out["engine_default_count"] = len(defaults)
out["unknown_parameter"] = error(
    client.modify_cache_parameter_group, CacheParameterGroupName="boto-params", ParameterNameValues=[{"ParameterName": "reserved-memory", "ParameterValue": "0"}]
)
out["default_group_delete"] = error(client.delete_cache_parameter_group, CacheParameterGroupName="default.redis7")

versions = client.describe_cache_engine_versions(Engine="redis", DefaultOnly=True)["CacheEngineVersions"]
out["default_redis"] = versions[0]["EngineVersion"]

arn = out["subnet_group"]["arn"]
client.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "extra", "Value": "1"}])
out["tags"] = client.list_tags_for_resource(ResourceName=arn)["TagList"]
out["tag_not_found"] = error(client.remove_tags_from_resource, ResourceName=arn, TagKeys=["absent"])
out["invalid_arn"] = error(client.list_tags_for_resource, ResourceName="arn:nothing")
out["security_groups"] = error(client.describe_cache_security_groups)

client.delete_cache_subnet_group(CacheSubnetGroupName="boto-subnets")
client.delete_cache_parameter_group(CacheParameterGroupName="boto-params")
out["after_delete"] = error(client.describe_cache_parameter_groups, CacheParameterGroupName="boto-params")
print(json.dumps(out))
