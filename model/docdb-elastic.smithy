// Amazon DocumentDB Elastic Clusters: the model smelt embeds as its default, written by this
// project from the public API; generated/docdb-elastic is built from this file. The JSON AST it
// was first written in is kept as codegen/tests/reference/docdb-elastic.json, and a test checks
// that both describe the same model.

$version: "2"

namespace com.amazonaws.docdbelastic

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restJson1
use smithy.rules#endpointRuleSet
use smithy.rules#endpointTests

// ---- The service ----------------------------------------------------------------------

/// <p>Amazon DocumentDB elastic clusters offer a MongoDB-compatible document database that scales out horizontally by spreading data over shards, so you can reach very high throughput and storage without choosing, patching or upgrading database instances yourself.</p><p>With this API you can:</p><ul><li>create, modify, start, stop and delete elastic clusters;</li><li>take, copy, restore from and delete cluster snapshots;</li><li>inspect and schedule pending maintenance, and manage resource tags.</li></ul><p>For concepts and walkthroughs, see the <a href="https://docs.aws.amazon.com/documentdb/latest/developerguide/">Amazon DocumentDB Developer Guide</a>.</p>
@service(
    arnNamespace: "docdb-elastic"
    cloudTrailEventSource: "CASCADES_EVENT_SOURCE"
    sdkId: "DocDB Elastic"
)
@sigv4(name: "docdb-elastic")
@restJson1
@endpointRuleSet(
    parameters: {
        Endpoint: {
            builtIn: "SDK::Endpoint"
            documentation: "An endpoint URL that replaces the resolved one."
            required: false
            type: "String"
        }
        Region: {
            builtIn: "AWS::Region"
            documentation: "The region to send requests to."
            required: false
            type: "String"
        }
        UseDualStack: {
            builtIn: "AWS::UseDualStack"
            default: false
            documentation: "Use the dual-stack (IPv4 and IPv6) endpoint."
            required: true
            type: "Boolean"
        }
        UseFIPS: {
            builtIn: "AWS::UseFIPS"
            default: false
            documentation: "Use the FIPS 140-2 endpoint."
            required: true
            type: "Boolean"
        }
    }
    rules: [
        {
            conditions: [{ argv: [{ ref: "Endpoint" }], fn: "isSet" }]
            documentation: "A configured endpoint is used as it is."
            rules: [
                {
                    conditions: [{ argv: [{ ref: "UseFIPS" }, true], fn: "booleanEquals" }]
                    error: "Invalid Configuration: FIPS and custom endpoint are not supported"
                    type: "error"
                }
                {
                    conditions: [{ argv: [{ ref: "UseDualStack" }, true], fn: "booleanEquals" }]
                    error: "Invalid Configuration: Dualstack and custom endpoint are not supported"
                    type: "error"
                }
                {
                    conditions: []
                    endpoint: { headers: {}, properties: {}, url: "{Endpoint}" }
                    type: "endpoint"
                }
            ]
            type: "tree"
        }
        {
            conditions: [
                { argv: [{ ref: "Region" }], fn: "isSet" }
                { argv: [{ ref: "Region" }], assign: "PartitionResult", fn: "aws.partition" }
            ]
            documentation: "Otherwise the region's partition names the host."
            rules: [
                {
                    conditions: [
                        { argv: [{ ref: "UseFIPS" }, true], fn: "booleanEquals" }
                        { argv: [{ ref: "UseDualStack" }, true], fn: "booleanEquals" }
                    ]
                    rules: [
                        {
                            conditions: [
                                {
                                    argv: [
                                        true
                                        {
                                            argv: [{ ref: "PartitionResult" }, "supportsFIPS"]
                                            fn: "getAttr"
                                        }
                                    ]
                                    fn: "booleanEquals"
                                }
                                {
                                    argv: [
                                        true
                                        {
                                            argv: [{ ref: "PartitionResult" }, "supportsDualStack"]
                                            fn: "getAttr"
                                        }
                                    ]
                                    fn: "booleanEquals"
                                }
                            ]
                            rules: [
                                {
                                    conditions: []
                                    endpoint: {
                                        headers: {}
                                        properties: {}
                                        url: "https://docdb-elastic-fips.{Region}.{PartitionResult#dualStackDnsSuffix}"
                                    }
                                    type: "endpoint"
                                }
                            ]
                            type: "tree"
                        }
                        {
                            conditions: []
                            error: "FIPS and DualStack are enabled, but this partition does not support one or both"
                            type: "error"
                        }
                    ]
                    type: "tree"
                }
                {
                    conditions: [{ argv: [{ ref: "UseFIPS" }, true], fn: "booleanEquals" }]
                    rules: [
                        {
                            conditions: [
                                {
                                    argv: [
                                        true
                                        {
                                            argv: [{ ref: "PartitionResult" }, "supportsFIPS"]
                                            fn: "getAttr"
                                        }
                                    ]
                                    fn: "booleanEquals"
                                }
                            ]
                            rules: [
                                {
                                    conditions: []
                                    endpoint: {
                                        headers: {}
                                        properties: {}
                                        url: "https://docdb-elastic-fips.{Region}.{PartitionResult#dnsSuffix}"
                                    }
                                    type: "endpoint"
                                }
                            ]
                            type: "tree"
                        }
                        {
                            conditions: []
                            error: "FIPS is enabled but this partition does not support FIPS"
                            type: "error"
                        }
                    ]
                    type: "tree"
                }
                {
                    conditions: [{ argv: [{ ref: "UseDualStack" }, true], fn: "booleanEquals" }]
                    rules: [
                        {
                            conditions: [
                                {
                                    argv: [
                                        true
                                        {
                                            argv: [{ ref: "PartitionResult" }, "supportsDualStack"]
                                            fn: "getAttr"
                                        }
                                    ]
                                    fn: "booleanEquals"
                                }
                            ]
                            rules: [
                                {
                                    conditions: []
                                    endpoint: {
                                        headers: {}
                                        properties: {}
                                        url: "https://docdb-elastic.{Region}.{PartitionResult#dualStackDnsSuffix}"
                                    }
                                    type: "endpoint"
                                }
                            ]
                            type: "tree"
                        }
                        {
                            conditions: []
                            error: "DualStack is enabled but this partition does not support DualStack"
                            type: "error"
                        }
                    ]
                    type: "tree"
                }
                {
                    conditions: []
                    endpoint: {
                        headers: {}
                        properties: {}
                        url: "https://docdb-elastic.{Region}.{PartitionResult#dnsSuffix}"
                    }
                    type: "endpoint"
                }
            ]
            type: "tree"
        }
        { conditions: [], error: "Invalid Configuration: Missing Region", type: "error" }
    ]
    version: "1.0"
)
@endpointTests(
    testCases: [
        {
            documentation: "The regional endpoint"
            expect: { endpoint: { url: "https://docdb-elastic.us-east-1.amazonaws.com" } }
            operationInputs: [
                { builtInParams: { "AWS::Region": "us-east-1" }, operationName: "ListClusters" }
                {
                    builtInParams: { "AWS::Region": "us-east-1" }
                    operationName: "GetCluster"
                    operationParams: {
                        clusterArn: "arn:aws:docdb-elastic:us-east-1:123456789012:cluster/example"
                    }
                }
            ]
            params: { Region: "us-east-1", UseDualStack: false, UseFIPS: false }
        }
        {
            documentation: "FIPS"
            expect: { endpoint: { url: "https://docdb-elastic-fips.us-west-2.amazonaws.com" } }
            operationInputs: [
                {
                    builtInParams: { "AWS::Region": "us-west-2", "AWS::UseFIPS": true }
                    operationName: "ListClusters"
                }
            ]
            params: { Region: "us-west-2", UseDualStack: false, UseFIPS: true }
        }
        {
            documentation: "Dual-stack"
            expect: { endpoint: { url: "https://docdb-elastic.eu-central-1.api.aws" } }
            params: { Region: "eu-central-1", UseDualStack: true, UseFIPS: false }
        }
        {
            documentation: "FIPS and dual-stack"
            expect: { endpoint: { url: "https://docdb-elastic-fips.us-east-2.api.aws" } }
            operationInputs: [
                {
                    builtInParams: {
                        "AWS::Region": "us-east-2"
                        "AWS::UseDualStack": true
                        "AWS::UseFIPS": true
                    }
                    operationName: "ListClusters"
                }
            ]
            params: { Region: "us-east-2", UseDualStack: true, UseFIPS: true }
        }
        {
            documentation: "The China partition"
            expect: { endpoint: { url: "https://docdb-elastic.cn-north-1.amazonaws.com.cn" } }
            params: { Region: "cn-north-1", UseDualStack: false, UseFIPS: false }
        }
        {
            documentation: "A region no partition lists falls in aws"
            expect: { endpoint: { url: "https://docdb-elastic.xx-future-1.amazonaws.com" } }
            params: { Region: "xx-future-1", UseDualStack: false, UseFIPS: false }
        }
        {
            documentation: "A configured endpoint is used as it is, with its path"
            expect: { endpoint: { url: "https://example.com:8443/base" } }
            operationInputs: [
                {
                    builtInParams: {
                        "AWS::Region": "us-east-1"
                        "SDK::Endpoint": "https://example.com:8443/base"
                    }
                    operationName: "ListClusters"
                }
            ]
            params: {
                Endpoint: "https://example.com:8443/base"
                Region: "us-east-1"
                UseDualStack: false
                UseFIPS: false
            }
        }
        {
            documentation: "FIPS with a configured endpoint is an error"
            expect: { error: "Invalid Configuration: FIPS and custom endpoint are not supported" }
            operationInputs: [
                {
                    builtInParams: {
                        "AWS::Region": "us-east-1"
                        "AWS::UseFIPS": true
                        "SDK::Endpoint": "https://example.com"
                    }
                    operationName: "ListClusters"
                }
            ]
            params: {
                Endpoint: "https://example.com"
                Region: "us-east-1"
                UseDualStack: false
                UseFIPS: true
            }
        }
        {
            documentation: "Dual-stack with a configured endpoint is an error"
            expect: {
                error: "Invalid Configuration: Dualstack and custom endpoint are not supported"
            }
            params: {
                Endpoint: "https://example.com"
                Region: "us-east-1"
                UseDualStack: true
                UseFIPS: false
            }
        }
        {
            documentation: "No region is an error"
            expect: { error: "Invalid Configuration: Missing Region" }
            params: { UseDualStack: false, UseFIPS: false }
        }
    ]
    version: "1.0"
)
service ChimeraDbLionfishServiceLambda {
    version: "2022-11-28"
    operations: [
        ApplyPendingMaintenanceAction
        CopyClusterSnapshot
        CreateCluster
        CreateClusterSnapshot
        DeleteCluster
        DeleteClusterSnapshot
        GetCluster
        GetClusterSnapshot
        GetPendingMaintenanceAction
        ListClusters
        ListClusterSnapshots
        ListPendingMaintenanceActions
        ListTagsForResource
        RestoreClusterFromSnapshot
        StartCluster
        StopCluster
        TagResource
        UntagResource
        UpdateCluster
    ]
}

// ---- Operations, each with its input and output structures ----------------------------

/// <p>Opts a resource in to a pending maintenance action, choosing whether it runs right away, in the next maintenance window or on a chosen date, or withdraws an earlier opt-in.</p>
@http(code: 200, method: "POST", uri: "/pending-action")
@idempotent
operation ApplyPendingMaintenanceAction {
    input := {
        /// <p>Identifies, by ARN, which resource the opt-in targets.</p>
        @required
        resourceArn: InputString

        /// <p>Which kind of queued work to opt in to:</p><ul><li><code>OS_UPDATE</code> for operating-system patches,</li><li><code>SECURITY_UPDATE</code> for security fixes,</li><li><code>ENGINE_UPDATE</code> or <code>ENGINE_UPGRADE</code> for database engine changes,</li><li><code>MASTER_USER_PASSWORD_UPDATE</code> for an admin credential change.</li></ul>
        @required
        applyAction: InputString

        /// <p>How the opt-in is scheduled, or <code>UNDO_OPT_IN</code> to cancel a previous one. <b>Note:</b> once an <code>IMMEDIATE</code> opt-in has been made it cannot be reversed.</p>
        @required
        optInType: OptInType

        /// <p>Date range in which to run the action, written as <code>yyyy/MM/dd HH:mm-yyyy/MM/dd HH:mm</code>. Only needed when <code>optInType</code> is <code>APPLY_ON</code>.</p>
        applyOn: InputString
    }
    output := {
        /// <p>The targeted resource with its maintenance items, reflecting the opt-in just made.</p>
        @required
        resourcePendingMaintenanceAction: ResourcePendingMaintenanceAction
    }
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Makes a copy of an existing elastic cluster snapshot under a new name. The copy can optionally be re-encrypted with a different KMS key and can carry over the source snapshot's tags.</p>
@http(code: 200, method: "POST", uri: "/cluster-snapshot/{snapshotArn}/copy")
@idempotent
operation CopyClusterSnapshot {
    input := {
        /// <p>ARN of the snapshot you want to duplicate.</p>
        @httpLabel
        @required
        @resourceIdentifier("snapshotArn")
        snapshotArn: String

        /// <p>Name for the copy; case is ignored. Use 1 to 63 letters, digits or hyphens, begin with a letter, and avoid a trailing hyphen or two hyphens in a row (e.g. <code>nightly-copy-01</code>).</p>
        @length(max: 63, min: 1)
        @pattern("^[a-zA-Z](-?[a-zA-Z0-9])*$")
        @required
        targetSnapshotName: String

        /// <p>KMS key (ARN, key ID or alias) used to encrypt the copy; omit it to keep the source's key. Keys are Region-specific, so a cross-Region copy needs a key from the destination Region, and passing a key for an unencrypted source fails.</p>
        kmsKeyId: String

        /// <p>If set to <code>true</code>, every tag on the original is carried across to the copy; it is <code>false</code> unless specified.</p>
        copyTags: Boolean = null

        /// <p>Key-value pairs to attach to the copy.</p>
        tags: TagMap
    }
    output := {
        /// <p>Details of the newly created copy.</p>
        @required
        snapshot: ClusterSnapshot
    }
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ServiceQuotaExceededException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Launches an elastic cluster with the requested shard layout, networking and admin credentials, and responds with its details.</p>
@http(code: 200, method: "POST", uri: "/cluster")
@idempotent
operation CreateCluster {
    input: CreateClusterInput
    output: CreateClusterOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ServiceQuotaExceededException
        ThrottlingException
        ValidationException
    ]
}

structure CreateClusterInput {
    /// <p>Name for the cluster, saved in lowercase. Use 1 to 63 letters, digits or hyphens, starting with a letter, with no trailing hyphen and no doubled hyphens (e.g. <code>orders-db</code>).</p>
    @required
    clusterName: String

    /// <p>Selects how the admin password is provided: <code>PLAIN_TEXT</code> to pass it in this request, or <code>SECRET_ARN</code> to point at a stored secret.</p>
    @required
    authType: Auth

    /// <p>Login for the administrative account: 1 to 63 alphanumeric characters beginning with a letter, and not a reserved word.</p>
    @required
    adminUserName: String

    /// <p>Secret for the administrative account, 8 to 100 printable ASCII characters other than <code>/</code>, <code>"</code> and <code>@</code>.</p>
    @required
    adminUserPassword: Password

    /// <p>vCPUs to allocate per shard. Pick 2, 4, 8, 16, 32 or 64.</p>
    @required
    shardCapacity: Integer

    /// <p>How many shards to create, no more than 32.</p>
    @required
    shardCount: Integer

    /// <p>Security groups that should govern network access to it.</p>
    vpcSecurityGroupIds: StringList

    /// <p>Subnets in which to place it.</p>
    subnetIds: StringList

    /// <p>KMS key for encryption at rest, given as a key ARN or, inside the key's own account, an alias. If omitted, your account's default KMS key for the Region is used.</p>
    kmsKeyId: String

    /// <p>Unique, caller-chosen string that makes retries of this request safe.</p>
    @idempotencyToken
    clientToken: String

    /// <p>Weekly UTC slot of 30 minutes or more, in the form <code>ddd:hh24:mi-ddd:hh24:mi</code> with days Mon to Sun, when patching may occur. If left out, a random 30-minute slot is picked from a Region-specific 8-hour block.</p>
    preferredMaintenanceWindow: String

    /// <p>Labels to attach to the cluster as key-value pairs.</p>
    tags: TagMap

    /// <p>Days to hold on to automatic backups.</p>
    backupRetentionPeriod: Integer

    /// <p>UTC slot each day for taking automatic backups, which <code>backupRetentionPeriod</code> switches on.</p>
    preferredBackupWindow: String

    /// <p>Number of instances in every shard: one writer plus optional read replicas that also boost availability.</p>
    shardInstanceCount: Integer
}

structure CreateClusterOutput {
    /// <p>Description of the cluster that was just provisioned.</p>
    @required
    cluster: Cluster
}

/// <p>Captures a manual backup of an elastic cluster's data at the current point in time.</p>
@http(code: 200, method: "POST", uri: "/cluster-snapshot")
@idempotent
operation CreateClusterSnapshot {
    input: CreateClusterSnapshotInput
    output: CreateClusterSnapshotOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ServiceQuotaExceededException
        ThrottlingException
        ValidationException
    ]
}

structure CreateClusterSnapshotInput {
    /// <p>ARN of the cluster to back up.</p>
    @required
    clusterArn: String

    /// <p>Label for the backup, 1 to 63 characters.</p>
    @length(max: 63, min: 1)
    @required
    snapshotName: String

    /// <p>Key-value pairs to attach to the backup.</p>
    tags: TagMap
}

structure CreateClusterSnapshotOutput {
    /// <p>Details of the backup that is being taken.</p>
    @required
    snapshot: ClusterSnapshot
}

/// <p>Permanently tears down the cluster identified in the request.</p>
@http(code: 200, method: "DELETE", uri: "/cluster/{clusterArn}")
@idempotent
operation DeleteCluster {
    input: DeleteClusterInput
    output: DeleteClusterOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure DeleteClusterInput {
    /// <p>ARN of the cluster you want gone.</p>
    @httpLabel
    @required
    @resourceIdentifier("clusterArn")
    clusterArn: String
}

structure DeleteClusterOutput {
    /// <p>State of the cluster as its removal begins.</p>
    @required
    cluster: Cluster
}

/// <p>Permanently erases one backup so it can no longer be restored.</p>
@http(code: 200, method: "DELETE", uri: "/cluster-snapshot/{snapshotArn}")
@idempotent
operation DeleteClusterSnapshot {
    input: DeleteClusterSnapshotInput
    output: DeleteClusterSnapshotOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure DeleteClusterSnapshotInput {
    /// <p>ARN of the backup you want gone.</p>
    @httpLabel
    @required
    @resourceIdentifier("snapshotArn")
    snapshotArn: String
}

structure DeleteClusterSnapshotOutput {
    /// <p>State of the backup as its removal begins.</p>
    @required
    snapshot: ClusterSnapshot
}

/// <p>Looks up one cluster by ARN and reports its full configuration and state.</p>
@http(code: 200, method: "GET", uri: "/cluster/{clusterArn}")
@readonly
operation GetCluster {
    input: GetClusterInput
    output: GetClusterOutput
    errors: [
        AccessDeniedException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure GetClusterInput {
    /// <p>ARN naming the cluster you are asking about.</p>
    @httpLabel
    @required
    @resourceIdentifier("clusterArn")
    clusterArn: String
}

structure GetClusterOutput {
    /// <p>Everything the service reports about the requested cluster.</p>
    @required
    cluster: Cluster
}

/// <p>Fetches the full description of one elastic cluster backup by ARN.</p>
@http(code: 200, method: "GET", uri: "/cluster-snapshot/{snapshotArn}")
@readonly
operation GetClusterSnapshot {
    input: GetClusterSnapshotInput
    output: GetClusterSnapshotOutput
    errors: [
        AccessDeniedException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure GetClusterSnapshotInput {
    /// <p>ARN of the backup to look up.</p>
    @httpLabel
    @required
    @resourceIdentifier("snapshotArn")
    snapshotArn: String
}

structure GetClusterSnapshotOutput {
    /// <p>Everything the service reports about the requested backup.</p>
    @required
    snapshot: ClusterSnapshot
}

/// <p>Shows the maintenance work queued for a single resource.</p>
@http(code: 200, method: "GET", uri: "/pending-action/{resourceArn}")
@readonly
operation GetPendingMaintenanceAction {
    input := {
        /// <p>ARN of the resource whose queued maintenance you want to see.</p>
        @httpLabel
        @required
        @resourceIdentifier("resourceArn")
        resourceArn: InputString
    }
    output := {
        /// <p>That resource together with its outstanding maintenance items.</p>
        @required
        resourcePendingMaintenanceAction: ResourcePendingMaintenanceAction
    }
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Lists elastic cluster backups, optionally narrowed to one cluster or to manual or automated ones.</p>
@http(code: 200, method: "GET", uri: "/cluster-snapshots")
@paginated(
    inputToken: "nextToken"
    items: "snapshots"
    outputToken: "nextToken"
    pageSize: "maxResults"
)
@readonly
operation ListClusterSnapshots {
    input: ListClusterSnapshotsInput
    output: ListClusterSnapshotsOutput
    errors: [
        AccessDeniedException
        InternalServerException
        ThrottlingException
        ValidationException
    ]
}

structure ListClusterSnapshotsInput {
    /// <p>Only return backups taken from the cluster with this ARN.</p>
    @httpQuery("clusterArn")
    clusterArn: String

    /// <p>Continuation value handed back by an earlier call; send it to fetch the following page.</p>
    @httpQuery("nextToken")
    nextToken: PaginationToken

    /// <p>Upper bound on how many backups one page holds (20 to 100).</p>
    @httpQuery("maxResults")
    @range(max: 100, min: 20)
    maxResults: Integer = null

    /// <p>Narrows results by origin: ones you took yourself (<code>manual</code>) or ones the service made on a schedule (<code>automated</code>).</p>
    @httpQuery("snapshotType")
    snapshotType: String
}

structure ListClusterSnapshotsOutput {
    /// <p>Backups included in this page.</p>
    snapshots: ClusterSnapshotList

    /// <p>Present when more backups remain; pass it in your next call to continue.</p>
    nextToken: PaginationToken
}

/// <p>Lists the elastic clusters you own in the current Region.</p>
@http(code: 200, method: "GET", uri: "/clusters")
@paginated(
    inputToken: "nextToken"
    items: "clusters"
    outputToken: "nextToken"
    pageSize: "maxResults"
)
@readonly
operation ListClusters {
    input: ListClustersInput
    output: ListClustersOutput
    errors: [
        AccessDeniedException
        InternalServerException
        ThrottlingException
        ValidationException
    ]
}

structure ListClustersInput {
    /// <p>Continuation value from a prior <code>ListClusters</code> call, used to resume where that page ended.</p>
    @httpQuery("nextToken")
    nextToken: PaginationToken

    /// <p>Upper bound on how many clusters one page holds (1 to 100).</p>
    @httpQuery("maxResults")
    @range(max: 100, min: 1)
    maxResults: Integer = null
}

structure ListClustersOutput {
    /// <p>Summaries of the clusters included in this page.</p>
    clusters: ClusterList

    /// <p>Returned only when further clusters are available; pass it back to get them.</p>
    nextToken: PaginationToken
}

/// <p>Lists every resource that has maintenance work queued.</p>
@http(code: 200, method: "GET", uri: "/pending-actions")
@paginated(
    inputToken: "nextToken"
    items: "resourcePendingMaintenanceActions"
    outputToken: "nextToken"
    pageSize: "maxResults"
)
@readonly
operation ListPendingMaintenanceActions {
    input := {
        /// <p>Continuation value from an earlier call; the listing resumes after the last entry already returned.</p>
        @httpQuery("nextToken")
        nextToken: PaginationToken

        /// <p>Upper bound on entries per page (1 to 100); when more exist, the reply includes a value for fetching the rest.</p>
        @httpQuery("maxResults")
        @range(max: 100, min: 1)
        maxResults: Integer = null
    }
    output := {
        /// <p>Resources paired with the maintenance items queued for each.</p>
        @required
        resourcePendingMaintenanceActions: ResourcePendingMaintenanceActionList

        /// <p>Included when additional entries remain to be fetched.</p>
        nextToken: PaginationToken
    }
    errors: [
        AccessDeniedException
        InternalServerException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Shows which key-value labels are attached to a given cluster or cluster snapshot.</p>
@http(method: "GET", uri: "/tags/{resourceArn}")
@readonly
operation ListTagsForResource {
    input: ListTagsForResourceRequest
    output: ListTagsForResourceResponse
    errors: [
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure ListTagsForResourceRequest {
    /// <p>ARN of the cluster or backup whose tags you want.</p>
    @httpLabel
    @required
    resourceArn: Arn
}

structure ListTagsForResourceResponse {
    /// <p>Key-value pairs currently attached.</p>
    tags: TagMap
}

/// <p>Creates a fresh elastic cluster populated with the contents of a backup.</p>
@http(code: 200, method: "POST", uri: "/cluster-snapshot/{snapshotArn}/restore")
@idempotent
operation RestoreClusterFromSnapshot {
    input: RestoreClusterFromSnapshotInput
    output: RestoreClusterFromSnapshotOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ServiceQuotaExceededException
        ThrottlingException
        ValidationException
    ]
}

structure RestoreClusterFromSnapshotInput {
    /// <p>Name to give the cluster produced by the restore.</p>
    @required
    clusterName: String

    /// <p>ARN of the backup to restore from.</p>
    @httpLabel
    @required
    @resourceIdentifier("snapshotArn")
    snapshotArn: String

    /// <p>Network access rules (security group IDs) for the new cluster.</p>
    vpcSecurityGroupIds: StringList

    /// <p>Where to deploy the restored cluster, as a list of subnet IDs.</p>
    subnetIds: StringList

    /// <p>KMS key (ARN, or alias inside the key's own account) to encrypt the restored cluster with. Without it, your account's default KMS key for the Region applies.</p>
    kmsKeyId: String

    /// <p>Key-value pairs to attach to the restored cluster.</p>
    tags: TagMap

    /// <p>Per-shard vCPU allocation to use after restoring.</p>
    shardCapacity: Integer

    /// <p>Instances per shard after the restore; 1 means a lone writer, and each extra one is a read replica.</p>
    shardInstanceCount: Integer
}

structure RestoreClusterFromSnapshotOutput {
    /// <p>Description of the cluster produced by the restore.</p>
    @required
    cluster: Cluster
}

/// <p>Brings a stopped elastic cluster back online.</p>
@http(code: 200, method: "POST", uri: "/cluster/{clusterArn}/start")
@idempotent
operation StartCluster {
    input := {
        /// <p>ARN of a cluster currently in the stopped state.</p>
        @httpLabel
        @required
        @resourceIdentifier("clusterArn")
        clusterArn: String
    }
    output := {
        /// <p>Description of the cluster as it starts up.</p>
        @required
        cluster: Cluster
    }
    errors: [
        AccessDeniedException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Pauses a running cluster so it no longer serves traffic; the target must currently be <i>available</i>.</p>
@http(code: 200, method: "POST", uri: "/cluster/{clusterArn}/stop")
@idempotent
operation StopCluster {
    input := {
        /// <p>ARN naming the running cluster to pause.</p>
        @httpLabel
        @required
        @resourceIdentifier("clusterArn")
        clusterArn: String
    }
    output := {
        /// <p>Description of the cluster as it shuts down.</p>
        @required
        cluster: Cluster
    }
    errors: [
        AccessDeniedException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

/// <p>Labels an elastic cluster or cluster snapshot with one or more key-value pairs.</p>
@http(method: "POST", uri: "/tags/{resourceArn}")
operation TagResource {
    input: TagResourceRequest
    output: TagResourceResponse
    errors: [
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure TagResourceRequest {
    /// <p>ARN of the cluster or backup to label.</p>
    @httpLabel
    @required
    resourceArn: Arn

    /// <p>Key-value pairs to attach.</p>
    @required
    tags: TagMap
}

structure TagResourceResponse {}

/// <p>Strips the named tag keys from a cluster or backup.</p>
@http(method: "DELETE", uri: "/tags/{resourceArn}")
@idempotent
operation UntagResource {
    input: UntagResourceRequest
    output: UntagResourceResponse
    errors: [
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure UntagResourceRequest {
    /// <p>ARN of the cluster or backup to strip tags from.</p>
    @httpLabel
    @required
    resourceArn: Arn

    /// <p>Keys to detach.</p>
    @httpQuery("tagKeys")
    @required
    tagKeys: TagKeyList
}

structure UntagResourceResponse {}

/// <p>Changes the settings of an existing elastic cluster, such as shard capacity and count, networking, the admin password, and the backup and maintenance windows.</p>
@http(code: 200, method: "PUT", uri: "/cluster/{clusterArn}")
@idempotent
operation UpdateCluster {
    input: UpdateClusterInput
    output: UpdateClusterOutput
    errors: [
        AccessDeniedException
        ConflictException
        InternalServerException
        ResourceNotFoundException
        ThrottlingException
        ValidationException
    ]
}

structure UpdateClusterInput {
    /// <p>Which cluster to modify, by ARN.</p>
    @httpLabel
    @required
    @resourceIdentifier("clusterArn")
    clusterArn: String

    /// <p>New password source for the admin login: <code>PLAIN_TEXT</code> or <code>SECRET_ARN</code>.</p>
    authType: Auth

    /// <p>New per-shard vCPU count: 2, 4, 8, 16, 32 or 64.</p>
    shardCapacity: Integer

    /// <p>Revised shard total, capped at 32.</p>
    shardCount: Integer

    /// <p>Replacement set of security groups.</p>
    vpcSecurityGroupIds: StringList

    /// <p>Replacement set of subnets.</p>
    subnetIds: StringList

    /// <p>New admin secret: 8 to 100 printable ASCII characters, none of which may be <code>/</code>, <code>"</code> or <code>@</code>.</p>
    adminUserPassword: Password

    /// <p>Caller-chosen unique string that lets this request be retried safely.</p>
    @idempotencyToken
    clientToken: String

    /// <p>New weekly UTC patching slot of 30 minutes or more, written <code>ddd:hh24:mi-ddd:hh24:mi</code> (days Mon to Sun). If never set, the service picks a random slot within a Region-specific 8-hour block.</p>
    preferredMaintenanceWindow: String

    /// <p>Revised retention, in days, for automatic backups.</p>
    backupRetentionPeriod: Integer

    /// <p>New daily UTC slot for automatic backups (active when <code>backupRetentionPeriod</code> is set).</p>
    preferredBackupWindow: String

    /// <p>New number of instances per shard: one writer plus optional read replicas.</p>
    shardInstanceCount: Integer
}

structure UpdateClusterOutput {
    /// <p>Description of the cluster reflecting the requested changes.</p>
    @required
    cluster: Cluster
}

// ---- Errors ---------------------------------------------------------------------------

/// <p>The caller's IAM identity is not permitted to carry out the requested action.</p>
@error("client")
@httpError(403)
structure AccessDeniedException {
    /// <p>Details from the service about why the request was refused.</p>
    @required
    message: String
}

/// <p>The request clashes with the current state of the target resource, for example because another change to it is still in progress.</p>
@error("client")
@httpError(409)
structure ConflictException {
    /// <p>Explanation of why the request clashed.</p>
    @required
    message: String

    /// <p>Identifier of the resource involved in the clash.</p>
    @required
    resourceId: String

    /// <p>Kind of resource involved in the clash.</p>
    @required
    resourceType: String
}

/// <p>Something went wrong on the service side while handling the request; trying again later may succeed.</p>
@error("server")
@httpError(500)
@retryable
structure InternalServerException {
    /// <p>Explanation of the server-side failure.</p>
    @required
    message: String
}

/// <p>No resource matching the supplied identifier exists.</p>
@error("client")
@httpError(404)
structure ResourceNotFoundException {
    /// <p>Explanation of what was missing.</p>
    @required
    message: String

    /// <p>Identifier that matched nothing.</p>
    @required
    resourceId: String

    /// <p>Category of the item the service tried to find.</p>
    @required
    resourceType: String
}

/// <p>Carrying out the request would go over one of your account's service quotas.</p>
@error("client")
@httpError(402)
structure ServiceQuotaExceededException {
    /// <p>Explanation of the quota problem.</p>
    @required
    message: String
}

/// <p>Too many requests arrived in a short period, so this one was turned away. Back off and retry.</p>
@error("client")
@httpError(429)
@retryable
structure ThrottlingException {
    /// <p>Explanation of the rate limiting.</p>
    @required
    message: String

    /// <p>Suggested pause, in seconds, before retrying, taken from the <code>Retry-After</code> header.</p>
    @httpHeader("Retry-After")
    retryAfterSeconds: Integer
}

/// <p>The request failed input checks, for example because a parameter was malformed or out of range.</p>
@error("client")
@httpError(400)
structure ValidationException {
    /// <p>Summary of what failed the checks.</p>
    @required
    message: String

    /// <p>Broad category of the failure; see <code>ValidationExceptionReason</code> for possible values.</p>
    @required
    reason: ValidationExceptionReason

    /// <p>Per-field details for each rejected input.</p>
    fieldList: ValidationExceptionFieldList
}

// ---- Structures -----------------------------------------------------------------------

/// <p>Full description of an elastic cluster, covering its configuration, networking and shard layout.</p>
structure Cluster {
    /// <p>Label chosen for this cluster when it was set up.</p>
    @required
    clusterName: String

    /// <p>Amazon Resource Name assigned to this cluster by the service.</p>
    @required
    clusterArn: String

    /// <p>Current lifecycle state, for example <code>ACTIVE</code> or <code>CREATING</code>.</p>
    @required
    status: Status

    /// <p>Host name that client applications connect to.</p>
    @required
    clusterEndpoint: String

    /// <p>UTC timestamp recording when this cluster came into existence.</p>
    @required
    createTime: String

    /// <p>Login of the administrative database account.</p>
    @required
    adminUserName: String

    /// <p>How the administrator password is supplied, either <code>PLAIN_TEXT</code> or <code>SECRET_ARN</code>.</p>
    @required
    authType: Auth

    /// <p>vCPU count given to every shard; one of 2, 4, 8, 16, 32 or 64.</p>
    @required
    shardCapacity: Integer

    /// <p>How many shards hold the cluster's data (32 at most).</p>
    @required
    shardCount: Integer

    /// <p>IDs of the VPC security groups controlling network access to it.</p>
    @required
    vpcSecurityGroupIds: StringList

    /// <p>IDs of the EC2 subnets it is deployed into.</p>
    @required
    subnetIds: StringList

    /// <p>Weekly UTC period in which system patching may happen, written as <code>ddd:hh24:mi-ddd:hh24:mi</code>.</p>
    @required
    preferredMaintenanceWindow: String

    /// <p>Identifier of the KMS key protecting data at rest.</p>
    @required
    kmsKeyId: String

    /// <p>Per-shard details (ID, creation time, state) for this cluster.</p>
    shards: ShardList

    /// <p>Lifetime in days of each automatic backup.</p>
    backupRetentionPeriod: Integer

    /// <p>Each day's UTC slot reserved for backups; used only if retention via <code>backupRetentionPeriod</code> is enabled.</p>
    preferredBackupWindow: String

    /// <p>Instances per shard. With 1 each shard has a single writer; any extra instances serve reads and raise availability.</p>
    shardInstanceCount: Integer
}

/// <p>Brief overview of one cluster, as returned by <code>ListClusters</code>.</p>
structure ClusterInList {
    /// <p>What this cluster is called.</p>
    @required
    clusterName: String

    /// <p>Amazon Resource Name assigned to this cluster by the service.</p>
    @required
    clusterArn: String

    /// <p>Which lifecycle state it is in right now.</p>
    @required
    status: Status
}

/// <p>Full description of a point-in-time backup of an elastic cluster, including the source cluster's network and encryption settings.</p>
structure ClusterSnapshot {
    /// <p>Subnets that the source cluster was using.</p>
    @required
    subnetIds: StringList

    /// <p>Label chosen for this backup.</p>
    @required
    snapshotName: String

    /// <p>Amazon Resource Name that uniquely identifies this backup.</p>
    @required
    snapshotArn: String

    /// <p>UTC timestamp at which this backup was taken.</p>
    @required
    snapshotCreationTime: String

    /// <p>ARN of the cluster this backup was taken from.</p>
    @required
    clusterArn: String

    /// <p>UTC timestamp at which the source cluster was originally set up.</p>
    @required
    clusterCreationTime: String

    /// <p>Which lifecycle state this backup is in right now.</p>
    @required
    status: Status

    /// <p>Security groups that were attached to the source cluster.</p>
    @required
    vpcSecurityGroupIds: StringList

    /// <p>Administrator login of the source cluster.</p>
    @required
    adminUserName: String

    /// <p>ARN of the KMS key that encrypts this backup. When no key was picked, DocumentDB falls back to your account's default KMS key for the Region.</p>
    @required
    kmsKeyId: String

    /// <p>Whether you took this backup yourself (<code>MANUAL</code>) or the service made it on a schedule (<code>AUTOMATED</code>).</p>
    snapshotType: SnapshotType
}

/// <p>Short summary of one snapshot, as returned by <code>ListClusterSnapshots</code>.</p>
structure ClusterSnapshotInList {
    /// <p>Label chosen for this backup.</p>
    @required
    snapshotName: String

    /// <p>Amazon Resource Name uniquely identifying this backup.</p>
    @required
    snapshotArn: String

    /// <p>ARN of the cluster it was taken from.</p>
    @required
    clusterArn: String

    /// <p>Which lifecycle state this backup is in right now.</p>
    @required
    status: Status

    /// <p>UTC timestamp at which this backup was taken.</p>
    @required
    snapshotCreationTime: String
}

/// <p>Describes one queued maintenance item and when it will take effect.</p>
structure PendingMaintenanceActionDetails {
    /// <p>Kind of maintenance work queued, such as an engine or OS update.</p>
    @required
    action: String

    /// <p>After this date the work runs in the resource's next maintenance window. When set, <code>NEXT_MAINTENANCE</code> opt-ins have no effect.</p>
    autoAppliedAfterDate: String

    /// <p>Date on which the work is forced onto the resource regardless of its window. When set, <code>IMMEDIATE</code> opt-ins have no effect.</p>
    forcedApplyDate: String

    /// <p>Records any opt-in choice already submitted for this item.</p>
    optInStatus: String

    /// <p>Date on which the work is actually scheduled to happen.</p>
    currentApplyDate: String

    /// <p>Free-text explanation of the maintenance work.</p>
    description: String
}

/// <p>A resource ARN paired with its queued maintenance items.</p>
structure ResourcePendingMaintenanceAction {
    /// <p>ARN of the resource these items belong to.</p>
    resourceArn: String

    /// <p>Each maintenance item outstanding for it.</p>
    pendingMaintenanceActionDetails: PendingMaintenanceActionDetailsList
}

/// <p>A single horizontal partition holding part of a cluster's data.</p>
structure Shard {
    /// <p>Unique identifier assigned to this partition by the service.</p>
    @required
    shardId: String

    /// <p>UTC timestamp recording when this partition came into existence.</p>
    @required
    createTime: String

    /// <p>Lifecycle state this partition is in right now.</p>
    @required
    status: Status
}

/// <p>Identifies one input field that failed the checks and why.</p>
structure ValidationExceptionField {
    /// <p>Name of the offending input.</p>
    @required
    name: String

    /// <p>What was wrong with this particular value.</p>
    @required
    message: String
}

// ---- Lists and maps -------------------------------------------------------------------

/// <p>Zero or more cluster summaries.</p>
list ClusterList {
    member: ClusterInList
}

/// <p>A collection of snapshot summaries.</p>
list ClusterSnapshotList {
    member: ClusterSnapshotInList
}

/// <p>A collection of queued maintenance items.</p>
list PendingMaintenanceActionDetailsList {
    member: PendingMaintenanceActionDetails
}

/// <p>A collection of resources with queued maintenance.</p>
list ResourcePendingMaintenanceActionList {
    member: ResourcePendingMaintenanceAction
}

/// <p>Zero or more shard descriptions.</p>
list ShardList {
    member: Shard
}

/// <p>Ordered sequence of plain strings, such as resource IDs.</p>
list StringList {
    member: String
}

/// <p>Up to 50 tag keys.</p>
@length(max: 50, min: 0)
list TagKeyList {
    member: TagKey
}

/// <p>Tags expressed as a map from key to value.</p>
map TagMap {
    key: TagKey
    value: TagValue
}

/// <p>A collection of fields that failed the checks.</p>
list ValidationExceptionFieldList {
    member: ValidationExceptionField
}

// ---- Strings, enumerations and other simple shapes ------------------------------------

/// <p>Resource name (ARN) used to address a cluster or snapshot in tagging calls.</p>
@length(max: 1011, min: 1)
string Arn

/// <p>Where the administrator password comes from: passed in directly as plain text, or read from an AWS Secrets Manager secret referenced by ARN.</p>
@enum([{ name: "PLAIN_TEXT", value: "PLAIN_TEXT" }, { name: "SECRET_ARN", value: "SECRET_ARN" }])
string Auth

/// <p>A non-empty string of up to 256 characters.</p>
@length(max: 256, min: 1)
string InputString

/// <p>When an opted-in maintenance action should run, or <code>UNDO_OPT_IN</code> to withdraw an earlier request.</p>
@enum([
    { name: "IMMEDIATE", value: "IMMEDIATE" }
    { name: "NEXT_MAINTENANCE", value: "NEXT_MAINTENANCE" }
    { name: "APPLY_ON", value: "APPLY_ON" }
    { name: "UNDO_OPT_IN", value: "UNDO_OPT_IN" }
])
string OptInType

/// <p>Opaque continuation marker for paged calls. Echo back the value from a reply to carry on from where it stopped; its presence in a reply means more items exist.</p>
string PaginationToken

/// <p>A secret password. Its value is treated as sensitive and redacted from logs.</p>
@sensitive
string Password

/// <p>Origin of a snapshot: taken on request or produced by scheduled backups.</p>
@enum([{ name: "MANUAL", value: "MANUAL" }, { name: "AUTOMATED", value: "AUTOMATED" }])
string SnapshotType

/// <p>Lifecycle states reported for clusters, shards and snapshots.</p>
@enum([
    { name: "CREATING", value: "CREATING" }
    { name: "ACTIVE", value: "ACTIVE" }
    { name: "DELETING", value: "DELETING" }
    { name: "UPDATING", value: "UPDATING" }
    { name: "VPC_ENDPOINT_LIMIT_EXCEEDED", value: "VPC_ENDPOINT_LIMIT_EXCEEDED" }
    { name: "IP_ADDRESS_LIMIT_EXCEEDED", value: "IP_ADDRESS_LIMIT_EXCEEDED" }
    { name: "INVALID_SECURITY_GROUP_ID", value: "INVALID_SECURITY_GROUP_ID" }
    { name: "INVALID_SUBNET_ID", value: "INVALID_SUBNET_ID" }
    { name: "INACCESSIBLE_ENCRYPTION_CREDS", value: "INACCESSIBLE_ENCRYPTION_CREDS" }
    { name: "INACCESSIBLE_SECRET_ARN", value: "INACCESSIBLE_SECRET_ARN" }
    { name: "INACCESSIBLE_VPC_ENDPOINT", value: "INACCESSIBLE_VPC_ENDPOINT" }
    { name: "INCOMPATIBLE_NETWORK", value: "INCOMPATIBLE_NETWORK" }
    { name: "MERGING", value: "MERGING" }
    { name: "MODIFYING", value: "MODIFYING" }
    { name: "SPLITTING", value: "SPLITTING" }
    { name: "COPYING", value: "COPYING" }
    { name: "STARTING", value: "STARTING" }
    { name: "STOPPING", value: "STOPPING" }
    { name: "STOPPED", value: "STOPPED" }
    { name: "MAINTENANCE", value: "MAINTENANCE" }
    {
        name: "INACCESSIBLE_ENCRYPTION_CREDENTIALS_RECOVERABLE"
        value: "INACCESSIBLE_ENCRYPTION_CREDENTIALS_RECOVERABLE"
    }
])
string Status

/// <p>Tag key of 1 to 128 characters; keys beginning with <code>aws:</code> are reserved.</p>
@length(max: 128, min: 1)
@pattern("^(?!aws:)[a-zA-Z+-=._:/]+$")
string TagKey

/// <p>Tag value of up to 256 characters.</p>
@length(max: 256, min: 0)
string TagValue

/// <p>High-level category of an input-check failure.</p>
@enum([
    { name: "UNKNOWN_OPERATION", value: "unknownOperation" }
    { name: "CANNOT_PARSE", value: "cannotParse" }
    { name: "FIELD_VALIDATION_FAILED", value: "fieldValidationFailed" }
    { name: "OTHER", value: "other" }
])
string ValidationExceptionReason
