"""Config validation: the default loads; each invalid case fails with one line, before synth."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from regions import ConfigError, load_config
from regions.aws_regions import AWS_REGIONS
from tests.conftest import REPO

DEFAULT = (REPO / "regions" / "platform.toml").read_text()


def variant(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the default config with one edit."""
    assert old in DEFAULT, old
    path = tmp_path / "platform.toml"
    path.write_text(DEFAULT.replace(old, new, 1))
    return path


def test_default_config_has_two_serving_regions_with_eu_data_kept_in_eu() -> None:
    config = load_config()
    us, eu = config.region("us"), config.region("eu")
    assert (us.region, us.residency, us.dr_region) == ("us-east-1", "us", "eu-west-1")
    assert (eu.region, eu.residency, eu.dr_region) == ("eu-west-1", "eu", "eu-central-1")
    assert len(us.availability_zones) == len(eu.availability_zones) == 3
    assert us.service.min_tasks == 4 and us.service.max_tasks == 50
    assert us.redis.shards == 3 and us.redis.replicas_per_shard == 2
    assert us.database.backup_retention_days == 35


_EU_LAST = 'state_bucket = "webapp-prod-tfstate-eu-west-1"'
_IMAGE = 'container_image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:1.0.0"'
_SUFFIX = 'name_suffix = "123456789012"'
_EMAILS = 'alert_emails = ["oncall@example-webapp.com"]'
INVALID = [
    ('vpc_cidr = "10.20.0.0/16"', 'vpc_cidr = "10.10.128.0/17"', "overlaps"),
    # The EU region's own AZ list (the US standby's, in eu-west-1 too, comes first).
    ('availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]\nvpc_cidr = "10.20',
     'availability_zones = ["eu-west-1a", "eu-west-1b"]\nvpc_cidr = "10.20',
     "needs at least 3 availability zones"),
    ('dr_region = "eu-central-1"', 'dr_region = "us-east-2"',
     "EU-resident data needs an EU dr_region"),
    ('\nregion = "eu-west-1"', '\nregion = "mars-north-1"', "unknown AWS region 'mars-north-1'"),
    ('\nregion = "eu-west-1"', '\nregion = "us-west-2"', "EU-resident data cannot be served from"),
    ('key = "eu"', 'key = "eu"\nsurprise = 1', "unknown key(s) surprise"),
    ('vpc_cidr = "10.20.0.0/16"', 'vpc_cidr = 42', "expected a string"),
    ('residency = "eu"', 'residency = "mars"', "is not one of"),
    ('project = "webapp"', 'project = [', "invalid TOML"),
    ('zone_id = ""', 'zone_id = "example.com"', "dns.zone_id must be a Route 53 zone id"),
    (_EU_LAST, _EU_LAST + '\n[regions.database]\nengine_version = "latest"',
     "engine_version must be a PostgreSQL major"),
    (_EU_LAST, _EU_LAST + '\n[regions.database]\nallocated_storage_gb = 10',
     "allocated_storage_gb must be 20..65536"),
    (_EU_LAST, _EU_LAST + '\n[regions.service]\ncontainer_port = 80',
     "container_port must be 1024..65535"),
    (_EU_LAST, _EU_LAST + '\n[regions.service]\ntask_cpu = 1000',
     "task_cpu must be a Fargate size"),
    (_EU_LAST, _EU_LAST + '\n[regions.service]\ntask_memory_mb = 1024',
     "task_memory_mb 1024 is not valid with task_cpu 1024"),
    ('state_bucket = "webapp-prod-tfstate-eu-west-1"', 'state_bucket = "Webapp_State"',
     "breaks the S3 bucket naming rules"),
    ('availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]\nvpc_cidr = "10.20',
     'availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-2c"]\nvpc_cidr = "10.20',
     "availability zone 'eu-west-2c' is not in eu-west-1"),
    # Standby tables: AZs of the DR region, a CIDR of its own, a state bucket exactly when
    # the DR region serves nobody.
    ('"eu-central-1a", "eu-central-1b", "eu-central-1c"',
     '"eu-central-1a", "eu-central-1b", "eu-west-1c"',
     "region eu: standby availability zone 'eu-west-1c' is not in eu-central-1"),
    ('vpc_cidr = "10.30.0.0/16"', 'vpc_cidr = "10.20.0.0/16"',
     "overlaps eu standby (10.20.0.0/16)"),
    ('state_bucket = "webapp-prod-tfstate-eu-central-1"', '',
     "region eu: standby.state_bucket must be set exactly when"),
    ('vpc_cidr = "10.21.0.0/16"', 'vpc_cidr = "10.21.0.0/24"', "standby vpc_cidr must be"),
    # The standby's cache is a Global Datastore secondary: its replicas are its own (one at
    # least, for Multi-AZ failover), its node type the primary's, so it cannot be set.
    ('vpc_cidr = "10.21.0.0/16"', 'vpc_cidr = "10.21.0.0/16"\nredis_replicas_per_shard = 0',
     "standby redis_replicas_per_shard must be 1..5"),
    ('vpc_cidr = "10.21.0.0/16"', 'vpc_cidr = "10.21.0.0/16"\nredis_node_type = "cache.r6g.large"',
     "redis_node_type"),
    ('github_repository = "example-org/ha-platform"', 'github_repository = "ha-platform"',
     "github_repository must be owner/name"),
    ('residency = "eu"', 'residency = "us"', "must hold EU-resident data"),
    # Issue 10.2: no default image runs under our hardening, so the image is required...
    (_IMAGE, "", "missing key(s) container_image"),
    (_IMAGE, 'container_image = "public.ecr.aws/nginx/nginx"', "needs a tag or a @sha256"),
    (_IMAGE, 'container_image = "public.ecr.aws/nginx/nginx:latest"', "'latest' is not a"),
    (_IMAGE, 'container_image = "Not An Image"', "is not an image reference"),
    # ... global names carry a suffix that keeps them within AWS's rules ...
    (_SUFFIX, "", "missing key(s) name_suffix"),
    (_SUFFIX, 'name_suffix = "ab"', "name_suffix 'ab' must be 3..12"),
    (_SUFFIX, 'name_suffix = "Prod_1"', "must be 3..12 lowercase"),
    # webapp-prod-us-uploads-eu-west-1-<12>: 14 + 1 + 7 + 1 + 9 + 1 + 12 = 45 characters;
    # a 30-character project makes it 69, over S3's 63.
    ('project = "webapp"', 'project = "' + "p" * 30 + '"', "is longer than 63 characters"),
    ('project = "webapp"', 'project = "awsapp"', "contains the reserved word 'aws'"),
    # ... and alarms reach someone.
    (_EMAILS, "alert_emails = []", "alert_emails must name at least one"),
    (_EMAILS, 'alert_emails = ["on-call"]', "'on-call' is not an e-mail address"),
]


@pytest.mark.parametrize(("old", "new", "message"), INVALID,
                         ids=[c[2].split()[0] + "-" + str(i) for i, c in enumerate(INVALID)])
def test_invalid_config_is_rejected_with_a_clear_message(
        tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_config(variant(tmp_path, old, new))
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_cli_rejects_invalid_config_before_any_synth_work(tmp_path: Path) -> None:
    config = variant(tmp_path, 'dr_region = "eu-central-1"', 'dr_region = "us-east-1"')
    out = tmp_path / "out"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "main.py", "synth", "--config", str(config), "--output", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == ["error: invalid config: region eu: EU-resident data needs an EU "
                     "dr_region, got us-east-1"]
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    # No jsii load happened: that alone takes tens of seconds.
    assert time.monotonic() - started < 15


def test_region_table_marks_only_eu_members_as_eu() -> None:
    eu = {r for r, j in AWS_REGIONS.items() if j == "eu"}
    assert "eu-west-2" not in eu  # London: not in the EU
    assert "eu-central-2" not in eu  # Zurich: not in the EU
    assert {"eu-west-1", "eu-central-1", "eu-west-3", "eu-north-1"} <= eu


def test_edge_region_must_be_a_serving_region(tmp_path: Path) -> None:
    text = DEFAULT.replace('\nregion = "us-east-1"', '\nregion = "us-east-2"').replace(
        '["us-east-1a", "us-east-1b", "us-east-1c"]', '["us-east-2a", "us-east-2b", "us-east-2c"]')
    path = tmp_path / "platform.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match="edge_region us-east-1 must be a serving region"):
        load_config(path)


def test_dr_regions_that_point_at_each_other_are_rejected() -> None:
    import dataclasses

    from regions import RegionConfig

    config = load_config()
    us = config.region("us")
    west = RegionConfig(key="west", region="us-west-2", residency="us",
                        availability_zones=("us-west-2a", "us-west-2b", "us-west-2c"),
                        vpc_cidr="10.40.0.0/16", dr_region="us-east-1",
                        state_bucket="webapp-prod-tfstate-us-west-2")
    east = dataclasses.replace(us, dr_region="us-west-2", standby=None)
    with pytest.raises(ConfigError, match="each other's dr_region"):
        dataclasses.replace(config, regions=(east, west, config.region("eu")))


# The loader's one-line messages, written out by hand: the key path, then the problem.
EXACT = [
    ('key = "eu"\n', "", "config.regions[1]: missing key(s) key"),
    ('key = "eu"\nregion = "eu-west-1"\n', "",
     "config.regions[1]: missing key(s) key, region"),
    ('owner = "platform-team"\n', "", "config: missing key(s) owner"),
    ('project = "webapp"', 'project = "webapp"\nsurprise = 1\nalso = 2',
     "config: unknown key(s) also, surprise"),
    ('vpc_cidr = "10.20.0.0/16"', "vpc_cidr = 42",
     "config.regions[1].vpc_cidr: expected a string, got 42"),
    (_EU_LAST, _EU_LAST + "\n[regions.redis]\nshards = true",
     "config.regions[1].redis.shards: expected an integer, got True"),
    (_EU_LAST, _EU_LAST + '\n[regions.redis]\nshards = "3"',
     "config.regions[1].redis.shards: expected an integer, got '3'"),
    ('availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]',
     'availability_zones = "eu-west-1a"',
     "config.regions[0].standby.availability_zones: expected a list, got str"),
    ('availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]',
     'availability_zones = ["eu-west-1a", 2, "eu-west-1c"]',
     "config.regions[0].standby.availability_zones[1]: expected a string, got 2"),
    ('residency = "eu"', 'residency = "EU"',
     "config.regions[1].residency: 'EU' is not one of 'us', 'eu'"),
]


@pytest.mark.parametrize(("old", "new", "message"), EXACT,
                         ids=[str(i) for i in range(len(EXACT))])
def test_loader_messages_name_the_key_path(
        tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_config(variant(tmp_path, old, new))
    assert str(excinfo.value) == message


def test_tables_must_be_tables(tmp_path: Path) -> None:
    head, rest = DEFAULT.split("[dns]", 1)
    rest = rest[rest.index("\n[[regions]]"):]
    path = tmp_path / "platform.toml"
    path.write_text(head.replace("edge_region =", "dns = 3\nedge_region =") + rest)
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    assert str(excinfo.value) == "config.dns: expected a table, got int"
    path.write_text('regions = [1]\n' + DEFAULT.split("\n[[regions]]")[0])
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    assert str(excinfo.value) == "config.regions[0]: expected a table, got int"
