"""CloudTrail for one region, stored in the same region (EU trails stay in the EU).

A single-region trail (not an organisation or multi-region trail): a multi-region trail
homed in us-east-1 would copy EU API activity, which names EU resources and carries EU
admins' source addresses, into a US bucket. Each serving region therefore records its own
events into its own bucket, SSE-KMS with a key of that region, with log-file validation
(digest files) and a copy to CloudWatch Logs for the alarms on tampering and root use.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudtrail import Cloudtrail
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_log_metric_filter import (
    CloudwatchLogMetricFilter,
    CloudwatchLogMetricFilterMetricTransformation,
)
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from constructs import Construct

from modules.monitoring.alarm_helpers import alarm
from modules.policy_documents import assume_role, document
from modules.storage.secure_bucket import SecureBucket, SecureBucketProps
from regions.serving_settings import global_name

#: Metric filters on the trail's log group (CIS AWS Foundations 4.x): name -> pattern.
TRAIL_FILTERS = {
    "root-activity": ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS'
                      ' && $.eventType != "AwsServiceEvent" }'),
    "trail-tampering": ("{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) || "
                        "($.eventName = UpdateTrail) || ($.eventName = PutEventSelectors) }"),
}


@dataclass(frozen=True)
class AuditTrailProps:
    """Inputs of :class:`AuditTrail`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region of the trail, its bucket and its key (the stack's default provider)."""
    access_log_bucket: SecureBucket
    """The region's S3 access-log bucket (receives the trail bucket's access logs)."""
    logs_kms_key_arn: str
    """Key of the region's CloudWatch log groups."""
    topic_arn: str
    """Subscribed alerts topic the tampering and root-activity alarms page."""
    name_suffix: str
    """Ends the bucket name so it cannot collide globally (``PlatformConfig.name_suffix``)."""
    retention_days: int = 365
    """Days the log files (and the CloudWatch copy) are kept."""
    include_global_service_events: bool = False
    """Record IAM/STS/CloudFront events (true in exactly one region: the edge region)."""

    def __post_init__(self) -> None:
        if not 30 <= self.retention_days <= 3650:
            raise ValueError("retention_days must be 30..3650")


class AuditTrail(Construct):
    """Trail + KMS key + bucket + log group + the two audit alarms, all in one region."""

    def __init__(self, scope: Construct, id: str, *, props: AuditTrailProps) -> None:
        super().__init__(scope, id)
        n, account = props.name, DataAwsCallerIdentity(self, "account").account_id
        trail_arn = f"arn:aws:cloudtrail:{props.region}:{account}:trail/{n}-trail"
        from_trail = {"StringEquals": {"aws:SourceArn": trail_arn}}
        self.key = KmsKey(self, "key", description=f"{n} CloudTrail log files",
                          enable_key_rotation=True, deletion_window_in_days=30,
                          policy=document(
            {"Sid": "AccountAdministration", "Effect": "Allow",
             "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*",
             "Resource": "*"},
            {"Sid": "CloudTrailEncrypt", "Effect": "Allow",
             "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "kms:GenerateDataKey*", "Resource": "*",
             "Condition": {**from_trail, "StringLike": {
                 "kms:EncryptionContext:aws:cloudtrail:arn":
                     f"arn:aws:cloudtrail:*:{account}:trail/*"}}},
            {"Sid": "CloudTrailDescribe", "Effect": "Allow",
             "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "kms:DescribeKey", "Resource": "*", "Condition": from_trail}))
        KmsAlias(self, "alias", name=f"alias/{n}-trail", target_key_id=self.key.key_id)
        bucket = global_name(n, f"trail-{props.region}", props.name_suffix)
        self.bucket = SecureBucket(self, "bucket", props=SecureBucketProps(
            bucket_name=bucket, kms_key_arn=self.key.arn,
            access_log_bucket=props.access_log_bucket, lifecycle="logs",
            log_retention_days=props.retention_days, extra_policy_statements=(
                {"Sid": "CloudTrailAclCheck", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:GetBucketAcl",
                 "Resource": f"arn:aws:s3:::{bucket}",
                 "Condition": from_trail},
                {"Sid": "CloudTrailWrite", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account}/*",
                 "Condition": {"StringEquals": {"aws:SourceArn": trail_arn,
                                                "s3:x-amz-acl": "bucket-owner-full-control"}}},
            )))
        self.log_group = CloudwatchLogGroup(
            self, "log_group", name=f"/aws/cloudtrail/{n}", kms_key_id=props.logs_kms_key_arn,
            retention_in_days=_log_retention(props.retention_days))
        role = IamRole(self, "role", name=f"{n}-{props.region}-cloudtrail-logs",
                       assume_role_policy=assume_role("cloudtrail.amazonaws.com"))
        IamRolePolicy(self, "role_policy", role=role.id, name="write-trail-log-group",
                      policy=document({
                          "Effect": "Allow",
                          "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                          "Resource": f"{self.log_group.arn}:log-stream:*"}))
        self.trail = Cloudtrail(
            self, "trail", name=f"{n}-trail", s3_bucket_name=self.bucket.name,
            kms_key_id=self.key.arn, enable_log_file_validation=True, enable_logging=True,
            is_multi_region_trail=False,
            include_global_service_events=props.include_global_service_events,
            cloud_watch_logs_group_arn=f"{self.log_group.arn}:*",
            cloud_watch_logs_role_arn=role.arn, depends_on=[self.bucket.policy],
            tags={"Name": f"{n}-trail"})
        for kind, pattern in sorted(TRAIL_FILTERS.items()):
            metric = "".join(part.capitalize() for part in kind.split("-"))
            CloudwatchLogMetricFilter(
                self, f"filter_{kind.replace('-', '_')}", name=f"{n}-{kind}",
                log_group_name=self.log_group.name, pattern=pattern,
                metric_transformation=CloudwatchLogMetricFilterMetricTransformation(
                    name=metric, namespace=f"{n}/CloudTrail", value="1"))
            alarm(self, f"alarm_{kind.replace('-', '_')}", name=f"{n}-{kind}",
                  topic_arn=props.topic_arn,
                  description=f"CloudTrail in {props.region}: {kind.replace('-', ' ')}",
                  namespace=f"{n}/CloudTrail", metric_name=metric, statistic="Sum",
                  period=300, evaluation_periods=1, datapoints_to_alarm=1,
                  comparison_operator="GreaterThanOrEqualToThreshold", threshold=1,
                  treat_missing_data="notBreaching")


def _log_retention(days: int) -> int:
    """The smallest CloudWatch Logs retention value that keeps ``days`` days."""
    allowed = (30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
               3288, 3653)
    return next(a for a in allowed if a >= days)
