//! EKS (restJson1) against moto: clusters created, described, listed page by page and deleted;
//! a node group under a cluster (two URI labels); tags read back through an ARN in a URI label;
//! modeled errors bound to HTTP status codes (`ResourceNotFoundException` 404,
//! `ResourceInUseException` 409), with their body members.

use e2e_eks::operation::delete_cluster::DeleteClusterError;
use e2e_eks::operation::describe_cluster::DescribeClusterError;
use e2e_eks::types::{ClusterStatus, NodegroupScalingConfig, NodegroupStatus, VpcConfigRequest};
use e2e_eks::Client;
use e2e_scenarios::{config, service_error, service_error_with_meta, unique, ACCOUNT, REGION};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

fn client() -> Client {
    Client::from_conf(config())
}

const ROLE: &str = "arn:aws:iam::123456789012:role/smelt-e2e-cluster";
const NODE_ROLE: &str = "arn:aws:iam::123456789012:role/smelt-e2e-node";
const SUBNETS: [&str; 2] = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"];

fn vpc() -> VpcConfigRequest {
    VpcConfigRequest::builder()
        .subnet_ids(SUBNETS[0])
        .subnet_ids(SUBNETS[1])
        .security_group_ids("sg-0123456789")
        .endpoint_public_access(true)
        .endpoint_private_access(false)
        .build()
        .unwrap()
}

async fn create_cluster(client: &Client, name: &str) -> String {
    let cluster = client
        .create_cluster()
        .name(name)
        .version("1.30")
        .role_arn(ROLE)
        .resources_vpc_config(vpc())
        .tags("suite", "smelt-e2e")
        .tags("owner", "team / e2e")
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateCluster {name}: {e:?}"))
        .cluster
        .expect("CreateCluster returns the cluster");
    assert_eq!(cluster.name.as_deref(), Some(name));
    let arn = cluster.arn.expect("cluster ARN");
    assert_eq!(
        arn,
        format!("arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{name}")
    );
    assert_eq!(cluster.role_arn.as_deref(), Some(ROLE));
    assert_eq!(cluster.version.as_deref(), Some("1.30"));
    let vpc = cluster.resources_vpc_config.expect("VPC configuration");
    assert_eq!(
        vpc.subnet_ids,
        Some(SUBNETS.iter().map(|s| s.to_string()).collect())
    );
    assert!(vpc.endpoint_public_access);
    assert!(!vpc.endpoint_private_access);
    // The idempotency token the client filled in is echoed back.
    let token = cluster.client_request_token.expect("client request token");
    assert_eq!(token.len(), 36, "{token}");
    arn
}

#[tokio::test]
async fn clusters_nodegroups_tags_and_errors() {
    let client = client();
    let name = unique("smelt-e2e-a");
    let other = unique("smelt-e2e-b");
    let arn = create_cluster(&client, &name).await;
    create_cluster(&client, &other).await;

    let described = client
        .describe_cluster()
        .name(&name)
        .send()
        .await
        .expect("DescribeCluster")
        .cluster
        .expect("DescribeCluster returns the cluster");
    assert_eq!(described.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(described.status, Some(ClusterStatus::Active));
    let expected_tags: HashMap<String, String> = [("suite", "smelt-e2e"), ("owner", "team / e2e")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(described.tags.as_ref(), Some(&expected_tags));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let created = described.created_at.expect("createdAt").secs();
    assert!((created - now).abs() < 600, "created {created}, now {now}");

    // One cluster per page: the paginator follows nextToken (a query parameter) to the end.
    let mut pages = client.list_clusters().max_results(1).into_paginator();
    let first = pages
        .next_page()
        .await
        .expect("a first page")
        .expect("ListClusters page 1");
    assert_eq!(first.clusters.as_ref().map(Vec::len), Some(1));
    assert!(
        first.next_token.is_some(),
        "two clusters at least: more pages"
    );
    let all = client
        .list_clusters()
        .max_results(1)
        .into_items()
        .collect()
        .await
        .expect("ListClusters, every page");
    assert!(all.contains(&name) && all.contains(&other), "{all:?}");
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), all.len(), "no cluster twice: {all:?}");

    // Tags through the ARN as a URI label (`:` and `/` percent-encoded).
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ListTagsForResource")
        .tags;
    assert_eq!(tags.as_ref(), Some(&expected_tags));

    // A node group: two URI labels, a nested structure, a map.
    let nodegroup_name = "workers-1";
    let nodegroup = client
        .create_nodegroup()
        .cluster_name(&name)
        .nodegroup_name(nodegroup_name)
        .node_role(NODE_ROLE)
        .subnets(SUBNETS[0])
        .scaling_config(
            NodegroupScalingConfig::builder()
                .min_size(1)
                .max_size(3)
                .desired_size(2)
                .build()
                .unwrap(),
        )
        .labels("tier", "backend")
        .send()
        .await
        .expect("CreateNodegroup")
        .nodegroup
        .expect("CreateNodegroup returns the node group");
    assert_eq!(nodegroup.nodegroup_name.as_deref(), Some(nodegroup_name));
    assert_eq!(nodegroup.cluster_name.as_deref(), Some(name.as_str()));
    let scaling = nodegroup.scaling_config.expect("scaling config");
    assert_eq!(
        (scaling.min_size, scaling.max_size, scaling.desired_size),
        (Some(1), Some(3), Some(2))
    );
    assert_eq!(
        nodegroup
            .labels
            .unwrap_or_default()
            .get("tier")
            .map(String::as_str),
        Some("backend")
    );
    let described = client
        .describe_nodegroup()
        .cluster_name(&name)
        .nodegroup_name(nodegroup_name)
        .send()
        .await
        .expect("DescribeNodegroup")
        .nodegroup
        .expect("the node group");
    assert_eq!(described.status, Some(NodegroupStatus::Active));
    assert_eq!(described.node_role.as_deref(), Some(NODE_ROLE));
    let listed = client
        .list_nodegroups()
        .cluster_name(&name)
        .send()
        .await
        .expect("ListNodegroups")
        .nodegroups;
    assert_eq!(listed, Some(vec![nodegroup_name.to_string()]));

    // A cluster with a node group cannot be deleted: 409 ResourceInUseException.
    let (err, status) = service_error(client.delete_cluster().name(&name).send().await);
    assert!(err.is_resource_in_use_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceInUseException"));
    assert_eq!(status, 409);
    let DeleteClusterError::ResourceInUseException(inner) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(inner.cluster_name.as_deref(), Some(name.as_str()));
    assert_eq!(inner.nodegroup_name.as_deref(), Some(nodegroup_name));

    client
        .delete_nodegroup()
        .cluster_name(&name)
        .nodegroup_name(nodegroup_name)
        .send()
        .await
        .expect("DeleteNodegroup");
    for cluster in [&name, &other] {
        let deleted = client
            .delete_cluster()
            .name(cluster)
            .send()
            .await
            .unwrap_or_else(|e| panic!("DeleteCluster {cluster}: {e:?}"))
            .cluster
            .expect("DeleteCluster returns the cluster");
        assert_eq!(deleted.name.as_deref(), Some(cluster.as_str()));
    }
    let (err, status) = service_error(client.describe_cluster().name(&name).send().await);
    assert!(
        err.is_resource_not_found_exception(),
        "deleted cluster: {err:?}"
    );
    assert_eq!(status, 404);
}

#[tokio::test]
async fn missing_cluster_is_resource_not_found() {
    let client = client();
    let name = unique("smelt-e2e-missing");

    let (err, meta, _) =
        service_error_with_meta(client.describe_cluster().name(&name).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(meta.status(), 404);
    assert_eq!(meta.code(), err.code());
    assert!(
        meta.request_id().is_some_and(|id| !id.is_empty()),
        "{meta:?}"
    );
    let DescribeClusterError::ResourceNotFoundException(inner) = &err else {
        panic!("{err:?}")
    };
    let expected = format!("No cluster found for name: {name}.");
    assert_eq!(inner.message.as_deref(), Some(expected.as_str()));
    assert_eq!(meta.message(), Some(expected.as_str()));
    // moto sends `"clusterName": null`: a null member is absent.
    assert_eq!(inner.cluster_name, None);

    let (err, status) = service_error(client.delete_cluster().name(&name).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(status, 404);

    let (err, status) = service_error(
        client
            .describe_nodegroup()
            .cluster_name(&name)
            .nodegroup_name("none")
            .send()
            .await,
    );
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(status, 404);
}
