/**
 * One-line summaries for COMMAND DOCS, written for this project (families may override them
 * with CommandSpec.summary). Keyed by command or container|subcommand name.
 */
const TEXT = `
acl|Container for the access control list commands
acl|cat|Lists the ACL categories, or the commands in one category
acl|deluser|Removes ACL users and closes their connections
acl|dryrun|Tells whether a user could run a command, without running it
acl|genpass|Returns random bits usable as a password
acl|getuser|Shows the rules of one ACL user
acl|help|Shows help for the ACL subcommands
acl|list|Lists the rules of every ACL user
acl|load|Reloads the ACL rules from the ACL file
acl|log|Shows or resets recent ACL security events
acl|save|Writes the current ACL rules to the ACL file
acl|setuser|Creates or changes an ACL user
acl|users|Lists the names of the ACL users
acl|whoami|Returns the user name of this connection
append|Appends a string to the value of a key, creating it when missing
asking|Marks the next command of a cluster client as following an ASK redirection
auth|Authenticates the connection
bgrewriteaof|Rewrites the append-only file in the background
bgsave|Saves the dataset to disk in the background
bitcount|Counts the set bits of a string, optionally within a range
bitfield|Reads, writes and increments integer fields of arbitrary width in a string
bitfield_ro|Reads integer fields of arbitrary width from a string
bitop|Combines strings bit by bit (AND, OR, XOR, NOT) into a destination key
bitpos|Finds the first bit set or cleared in a string
blmove|Moves an element between lists, waiting for one when the source is empty
blmpop|Pops elements from the first non-empty list, waiting when all are empty
blpop|Removes and returns the first element of the first non-empty list, waiting when all are empty
brpop|Removes and returns the last element of the first non-empty list, waiting when all are empty
brpoplpush|Moves the last element of a list to the head of another, waiting when the source is empty
bzmpop|Pops members by score from the first non-empty sorted set, waiting when all are empty
bzpopmax|Pops the highest-scoring member of the first non-empty sorted set, waiting when all are empty
bzpopmin|Pops the lowest-scoring member of the first non-empty sorted set, waiting when all are empty
client|Container for the connection management commands
client|caching|Tells the server whether to track the keys read by the next command
client|getname|Returns the name of this connection
client|getredir|Returns the client id receiving this connection's tracking invalidations
client|help|Shows help for the CLIENT subcommands
client|id|Returns the id of this connection
client|info|Describes this connection
client|kill|Closes the connections that match the given filters
client|list|Describes the open connections
client|no-evict|Protects this connection from client eviction
client|pause|Holds back the commands of clients for a while
client|reply|Turns the server's replies to this connection on or off
client|setname|Names this connection
client|tracking|Turns server-assisted client-side caching on or off
client|trackinginfo|Describes this connection's client-side caching state
client|unblock|Ends the blocking command another connection is waiting on
client|unpause|Ends a client pause
cluster|Container for the cluster commands
cluster|addslots|Assigns hash slots to this node
cluster|addslotsrange|Assigns ranges of hash slots to this node
cluster|bumpepoch|Advances the node's configuration epoch
cluster|count-failure-reports|Counts the active failure reports about a node
cluster|countkeysinslot|Counts the keys in a hash slot
cluster|delslots|Unassigns hash slots from this node
cluster|delslotsrange|Unassigns ranges of hash slots from this node
cluster|failover|Makes a replica take over from its primary
cluster|flushslots|Unassigns every hash slot of this node
cluster|forget|Removes a node from this node's view of the cluster
cluster|getkeysinslot|Returns key names stored in a hash slot
cluster|help|Shows help for the CLUSTER subcommands
cluster|info|Describes the state of the cluster
cluster|keyslot|Returns the hash slot of a key name
cluster|links|Describes this node's links to the other nodes
cluster|meet|Connects this node to another cluster node
cluster|myid|Returns this node's id
cluster|nodes|Describes every node in the cluster, as a node sees it
cluster|replicas|Lists the replicas of a primary node
cluster|replicate|Makes this node a replica of a primary
cluster|reset|Resets this node's cluster state
cluster|saveconfig|Writes the cluster configuration to disk
cluster|set-config-epoch|Sets the configuration epoch of a new node
cluster|setslot|Changes the state of a hash slot on this node
cluster|shards|Describes the shards of the cluster
cluster|slaves|Lists the replicas of a primary node (old name of CLUSTER REPLICAS)
cluster|slots|Maps hash slot ranges to nodes
command|Describes the commands this server knows
command|count|Counts the commands this server knows
command|docs|Returns the documentation of commands
command|getkeys|Extracts the key names from a full command line
command|getkeysandflags|Extracts the key names from a full command line, with how each is accessed
command|help|Shows help for the COMMAND subcommands
command|info|Describes the given commands
command|list|Lists command names, optionally filtered
config|Container for the configuration commands
config|get|Returns configuration parameters matching patterns
config|help|Shows help for the CONFIG subcommands
config|resetstat|Resets the statistics that INFO reports
config|rewrite|Writes the running configuration back to the configuration file
config|set|Changes configuration parameters at run time
copy|Copies the value of a key to another key
dbsize|Counts the keys of the selected database
debug|Debugging and testing helpers
decr|Decrements the integer value of a key by one
decrby|Decrements the integer value of a key by a number
del|Deletes keys
discard|Drops the commands queued since MULTI
dump|Serializes the value of a key
echo|Returns its argument
eval|Runs a Lua script
eval_ro|Runs a read-only Lua script
evalsha|Runs a cached Lua script by its SHA1
evalsha_ro|Runs a cached read-only Lua script by its SHA1
exec|Runs the commands queued since MULTI
exists|Counts how many of the given keys exist
expire|Sets a key's time to live in seconds
expireat|Sets a key's expiry as a Unix time in seconds
expiretime|Returns a key's expiry as a Unix time in seconds
failover|Hands the primary role over to a replica
fcall|Calls a function
fcall_ro|Calls a read-only function
flushall|Deletes every key of every database
flushdb|Deletes every key of the selected database
function|Container for the function commands
function|delete|Deletes a function library
function|dump|Serializes all function libraries
function|flush|Deletes all function libraries
function|help|Shows help for the FUNCTION subcommands
function|kill|Stops the running function
function|list|Describes the function libraries
function|load|Creates a function library
function|restore|Loads function libraries from a serialized payload
function|stats|Describes the running function and the engines
geoadd|Adds members with longitude and latitude to a geospatial index
geodist|Returns the distance between two members of a geospatial index
geohash|Returns members' positions as geohash strings
geopos|Returns members' longitude and latitude
georadius|Finds members within a radius of a point, optionally storing them
georadius_ro|Finds members within a radius of a point
georadiusbymember|Finds members within a radius of another member, optionally storing them
georadiusbymember_ro|Finds members within a radius of another member
geosearch|Finds members inside a circle or a box
geosearchstore|Finds members inside a circle or a box and stores them
get|Returns the string value of a key
getbit|Returns the bit at an offset of a string
getdel|Returns the string value of a key and deletes the key
getex|Returns the string value of a key and changes its expiry
getrange|Returns part of a string
getset|Sets the string value of a key and returns the old one
hdel|Deletes fields of a hash
hello|Negotiates the protocol version, optionally authenticating and naming the connection
hexists|Tells whether a hash has a field
hget|Returns the value of a hash field
hgetall|Returns every field and value of a hash
hincrby|Increments the integer value of a hash field
hincrbyfloat|Increments the floating point value of a hash field
hkeys|Returns the fields of a hash
hlen|Counts the fields of a hash
hmget|Returns the values of several hash fields
hmset|Sets several hash fields
hrandfield|Returns random fields of a hash
hscan|Iterates over the fields and values of a hash
hset|Sets hash fields
hsetnx|Sets a hash field only when it does not exist
hstrlen|Returns the length of a hash field's value
hvals|Returns the values of a hash
incr|Increments the integer value of a key by one
incrby|Increments the integer value of a key by a number
incrbyfloat|Increments the floating point value of a key
info|Reports information and statistics about the server
keys|Returns the key names matching a pattern
lastsave|Returns the Unix time of the last successful save
latency|Container for the latency monitor commands
latency|doctor|Reports on the latency events observed
latency|graph|Draws the latency samples of an event
latency|help|Shows help for the LATENCY subcommands
latency|histogram|Returns latency histograms of commands
latency|history|Returns the latency samples of an event
latency|latest|Returns the latest latency sample of every event
latency|reset|Forgets the latency samples of events
lcs|Finds the longest common subsequence of two strings
lindex|Returns the list element at an index
linsert|Inserts an element before or after another in a list
llen|Returns the length of a list
lmove|Moves an element from one end of a list to an end of another
lmpop|Pops elements from the first non-empty list
lolwut|Shows computer art and the server version
lpop|Removes and returns elements from the head of a list
lpos|Returns the indexes of matching list elements
lpush|Adds elements to the head of a list
lpushx|Adds elements to the head of an existing list
lrange|Returns a range of list elements
lrem|Removes occurrences of an element from a list
lset|Replaces the list element at an index
ltrim|Keeps only a range of a list's elements
memory|Container for the memory diagnostics commands
memory|doctor|Reports on memory problems
memory|help|Shows help for the MEMORY subcommands
memory|malloc-stats|Reports the allocator's statistics
memory|purge|Asks the allocator to release unused memory
memory|stats|Reports memory usage details
memory|usage|Estimates the memory used by a key and its value
mget|Returns the string values of several keys
migrate|Moves keys to another server
module|Container for the module commands
module|help|Shows help for the MODULE subcommands
module|list|Lists the loaded modules
module|load|Loads a module
module|loadex|Loads a module with configuration and arguments
module|unload|Unloads a module
monitor|Streams every command the server runs
move|Moves a key to another database
mset|Sets the string values of several keys
msetnx|Sets several keys only when none of them exist
multi|Starts a transaction
object|Container for the object inspection commands
object|encoding|Returns the internal encoding of a value
object|freq|Returns the access frequency counter of a key
object|help|Shows help for the OBJECT subcommands
object|idletime|Returns the seconds since a key was last accessed
object|refcount|Returns the reference count of a value
persist|Removes the expiry of a key
pexpire|Sets a key's time to live in milliseconds
pexpireat|Sets a key's expiry as a Unix time in milliseconds
pexpiretime|Returns a key's expiry as a Unix time in milliseconds
pfadd|Adds elements to a HyperLogLog
pfcount|Estimates the number of distinct elements seen by HyperLogLogs
pfdebug|Inspects the internals of a HyperLogLog
pfmerge|Merges HyperLogLogs into one
pfselftest|Tests the HyperLogLog implementation
ping|Checks that the connection is alive
psetex|Sets the string value of a key with a time to live in milliseconds
psubscribe|Subscribes to channels matching patterns
psync|Starts replication from a primary, resuming when possible
pttl|Returns a key's time to live in milliseconds
publish|Posts a message to a channel
pubsub|Container for the Pub/Sub introspection commands
pubsub|channels|Lists the channels with subscribers
pubsub|help|Shows help for the PUBSUB subcommands
pubsub|numpat|Counts the pattern subscriptions
pubsub|numsub|Counts the subscribers of channels
pubsub|shardchannels|Lists the shard channels with subscribers
pubsub|shardnumsub|Counts the subscribers of shard channels
punsubscribe|Stops listening to channels matching patterns
quit|Closes the connection
randomkey|Returns a random key name
readonly|Lets a cluster client read from a replica
readwrite|Stops reading from a replica in a cluster
rename|Renames a key, replacing any existing destination
renamenx|Renames a key only when the destination does not exist
replconf|Configures the replication link (internal)
replicaof|Makes the server a replica of another, or a primary again
reset|Returns the connection to its initial state
restore|Creates a key from a serialized value
restore-asking|Creates a key from a serialized value during a cluster migration (internal)
role|Returns the replication role of the server
rpop|Removes and returns elements from the tail of a list
rpoplpush|Moves the last element of a list to the head of another
rpush|Adds elements to the tail of a list
rpushx|Adds elements to the tail of an existing list
sadd|Adds members to a set
save|Saves the dataset to disk
scan|Iterates over the key names of the selected database
scard|Counts the members of a set
script|Container for the Lua script commands
script|debug|Sets the debug mode of scripts
script|exists|Tells whether scripts are cached
script|flush|Empties the script cache
script|help|Shows help for the SCRIPT subcommands
script|kill|Stops the running script
script|load|Caches a script without running it
sdiff|Returns the members of a set missing from other sets
sdiffstore|Stores the members of a set missing from other sets
select|Selects the database of the connection
set|Sets the string value of a key, with options for expiry and conditions
setbit|Sets or clears the bit at an offset of a string
setex|Sets the string value of a key with a time to live in seconds
setnx|Sets the string value of a key only when it does not exist
setrange|Overwrites part of a string from an offset
shutdown|Stops the server
sinter|Returns the members common to sets
sintercard|Counts the members common to sets
sinterstore|Stores the members common to sets
sismember|Tells whether a value is a member of a set
slaveof|Makes the server a replica of another (old name of REPLICAOF)
slowlog|Container for the slow log commands
slowlog|get|Returns entries of the slow log
slowlog|help|Shows help for the SLOWLOG subcommands
slowlog|len|Counts the entries of the slow log
slowlog|reset|Empties the slow log
smembers|Returns the members of a set
smismember|Tells which of several values are members of a set
smove|Moves a member from one set to another
sort|Sorts a list, set or sorted set, optionally storing the result
sort_ro|Sorts a list, set or sorted set
spop|Removes and returns random members of a set
spublish|Posts a message to a shard channel
srandmember|Returns random members of a set
srem|Removes members from a set
sscan|Iterates over the members of a set
ssubscribe|Subscribes to shard channels
strlen|Returns the length of a string value
subscribe|Subscribes to channels
substr|Returns part of a string (old name of GETRANGE)
sunion|Returns the union of sets
sunionstore|Stores the union of sets
sunsubscribe|Stops listening to shard channels
swapdb|Exchanges the contents of two databases
sync|Starts a full replication from a primary (internal)
time|Returns the server time
touch|Updates the last access time of keys, counting those that exist
ttl|Returns a key's time to live in seconds
type|Returns the type of a key's value
unlink|Deletes keys, freeing their memory in the background
unsubscribe|Stops listening to channels
unwatch|Forgets every watched key
wait|Waits until earlier writes reach a number of replicas
watch|Makes the next transaction depend on keys staying unchanged
xack|Acknowledges stream messages for a consumer group
xadd|Appends an entry to a stream
xautoclaim|Claims idle pending entries of a consumer group, scanning from an id
xclaim|Changes the owner of pending entries of a consumer group
xdel|Deletes entries from a stream
xgroup|Container for the consumer group commands
xgroup|create|Creates a consumer group
xgroup|createconsumer|Creates a consumer in a group
xgroup|delconsumer|Deletes a consumer from a group
xgroup|destroy|Deletes a consumer group
xgroup|help|Shows help for the XGROUP subcommands
xgroup|setid|Sets the last delivered id of a group
xinfo|Container for the stream introspection commands
xinfo|consumers|Describes the consumers of a group
xinfo|groups|Describes the consumer groups of a stream
xinfo|help|Shows help for the XINFO subcommands
xinfo|stream|Describes a stream
xlen|Counts the entries of a stream
xpending|Describes the pending entries of a consumer group
xrange|Returns stream entries in an id range
xread|Reads entries from streams, optionally waiting for new ones
xreadgroup|Reads entries from streams for a consumer group, optionally waiting
xrevrange|Returns stream entries in an id range, newest first
xsetid|Sets the last id of a stream (internal)
xtrim|Removes the oldest entries of a stream
zadd|Adds or updates members of a sorted set
zcard|Counts the members of a sorted set
zcount|Counts the members of a sorted set within a score range
zdiff|Returns the members of a sorted set missing from others
zdiffstore|Stores the members of a sorted set missing from others
zincrby|Increments the score of a sorted set member
zinter|Returns the intersection of sorted sets
zintercard|Counts the members common to sorted sets
zinterstore|Stores the intersection of sorted sets
zlexcount|Counts the members of a sorted set within a lexicographic range
zmpop|Pops members by score from the first non-empty sorted set
zmscore|Returns the scores of several sorted set members
zpopmax|Removes and returns the highest-scoring members of a sorted set
zpopmin|Removes and returns the lowest-scoring members of a sorted set
zrandmember|Returns random members of a sorted set
zrange|Returns a range of sorted set members by rank, score or lexicographic order
zrangebylex|Returns sorted set members within a lexicographic range
zrangebyscore|Returns sorted set members within a score range
zrangestore|Stores a range of sorted set members
zrank|Returns the rank of a sorted set member, lowest score first
zrem|Removes members from a sorted set
zremrangebylex|Removes sorted set members within a lexicographic range
zremrangebyrank|Removes sorted set members within a rank range
zremrangebyscore|Removes sorted set members within a score range
zrevrange|Returns a range of sorted set members by rank, highest score first
zrevrangebylex|Returns sorted set members within a lexicographic range, in reverse order
zrevrangebyscore|Returns sorted set members within a score range, highest first
zrevrank|Returns the rank of a sorted set member, highest score first
zscan|Iterates over the members and scores of a sorted set
zscore|Returns the score of a sorted set member
zunion|Returns the union of sorted sets
zunionstore|Stores the union of sorted sets
`;

export const SUMMARIES = new Map<string, string>();
for (const line of TEXT.split('\n')) {
  if (!line) continue;
  const parts = line.split('|');
  // Subcommand lines read "container|sub|summary".
  if (parts.length === 3) SUMMARIES.set(`${parts[0]}|${parts[1]}`, parts[2]);
  else SUMMARIES.set(parts[0], parts[1]);
}
