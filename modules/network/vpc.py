"""A VPC across N availability zones with three subnet tiers.

* public: the load balancer and one NAT gateway per AZ; routes to the internet gateway.
* private-app: ECS tasks and interface endpoints; default route to the NAT of its own AZ.
* private-data: databases and caches; no route out of the VPC at all.

The default security group is emptied so nothing can use it by accident.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.default_security_group import DefaultSecurityGroup
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.route_table import RouteTable
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from constructs import Construct

TIERS = ("public", "app", "data")


@dataclass(frozen=True)
class NetworkOutputs:
    """What other constructs take from :class:`VpcNetwork` (tokens at synth)."""

    vpc_id: str
    """VPC id."""
    public_subnet_ids: tuple[str, ...]
    """Public subnets (load balancer), one per AZ."""
    app_subnet_ids: tuple[str, ...]
    """Private-app subnets (tasks, interface endpoints), one per AZ."""
    data_subnet_ids: tuple[str, ...]
    """Private-data subnets (databases, caches), one per AZ."""


@dataclass(frozen=True)
class VpcNetworkProps:
    """Props of :class:`VpcNetwork`."""

    name: str
    """Name prefix (Name tags)."""
    cidr: str
    """VPC CIDR (IPv4 /16../20)."""
    availability_zones: tuple[str, ...]
    """AZs to span: at least three for 99.99%."""
    nat_per_az: bool = True
    """One NAT gateway per AZ (an AZ outage does not cut the others off)."""

    def __post_init__(self) -> None:
        if len(self.availability_zones) < 3:
            raise ValueError("a VPC needs at least 3 availability zones")
        net = ipaddress.ip_network(self.cidr)
        if len(list(net.subnets(new_prefix=net.prefixlen + 4))) < 3 * len(self.availability_zones):
            raise ValueError(f"{self.cidr} is too small for 3 tiers x "
                             f"{len(self.availability_zones)} AZs")


def subnet_cidrs(cidr: str, azs: int) -> dict[str, list[str]]:
    """Tier -> one CIDR per AZ: /+4 blocks, public first, then app, then data."""
    net = ipaddress.ip_network(cidr)
    blocks = [str(b) for b in net.subnets(new_prefix=net.prefixlen + 4)]
    return {tier: blocks[i * azs:(i + 1) * azs] for i, tier in enumerate(TIERS)}


class VpcNetwork(Construct):
    """VPC, subnets, internet gateway, NAT gateways and route tables."""

    def __init__(self, scope: Construct, id: str, *, props: VpcNetworkProps) -> None:
        super().__init__(scope, id)
        self.vpc = Vpc(self, "vpc", cidr_block=props.cidr, enable_dns_hostnames=True,
                       enable_dns_support=True, tags={"Name": props.name})
        DefaultSecurityGroup(self, "default_sg", vpc_id=self.vpc.id,
                             tags={"Name": f"{props.name}-default-unused"})
        igw = InternetGateway(self, "igw", vpc_id=self.vpc.id, tags={"Name": props.name})
        cidrs = subnet_cidrs(props.cidr, len(props.availability_zones))
        self.subnets: dict[str, list[Subnet]] = {t: [] for t in TIERS}
        self.route_tables: dict[str, list[RouteTable]] = {t: [] for t in TIERS}

        public_rt = RouteTable(self, "public_rt", vpc_id=self.vpc.id,
                               tags={"Name": f"{props.name}-public"})
        Route(self, "public_default", route_table_id=public_rt.id,
              destination_cidr_block="0.0.0.0/0", gateway_id=igw.id)
        self.route_tables["public"].append(public_rt)

        for i, az in enumerate(props.availability_zones):
            suffix = az[-1]
            for tier in TIERS:
                subnet = Subnet(
                    self, f"{tier}_{suffix}", vpc_id=self.vpc.id, availability_zone=az,
                    cidr_block=cidrs[tier][i], map_public_ip_on_launch=False,
                    tags={"Name": f"{props.name}-{tier}-{suffix}", "Tier": tier})
                self.subnets[tier].append(subnet)
            RouteTableAssociation(self, f"public_{suffix}_rta",
                                  subnet_id=self.subnets["public"][i].id,
                                  route_table_id=public_rt.id)
            if props.nat_per_az or i == 0:
                eip = Eip(self, f"nat_{suffix}_eip", domain="vpc",
                          tags={"Name": f"{props.name}-nat-{suffix}"})
                nat = NatGateway(self, f"nat_{suffix}", allocation_id=eip.id,
                                 subnet_id=self.subnets["public"][i].id,
                                 tags={"Name": f"{props.name}-nat-{suffix}"},
                                 depends_on=[igw])
            app_rt = RouteTable(self, f"app_{suffix}_rt", vpc_id=self.vpc.id,
                                tags={"Name": f"{props.name}-app-{suffix}"})
            Route(self, f"app_{suffix}_default", route_table_id=app_rt.id,
                  destination_cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)
            RouteTableAssociation(self, f"app_{suffix}_rta", subnet_id=self.subnets["app"][i].id,
                                  route_table_id=app_rt.id)
            data_rt = RouteTable(self, f"data_{suffix}_rt", vpc_id=self.vpc.id,
                                 tags={"Name": f"{props.name}-data-{suffix}"})
            RouteTableAssociation(self, f"data_{suffix}_rta", subnet_id=self.subnets["data"][i].id,
                                  route_table_id=data_rt.id)
            self.route_tables["app"].append(app_rt)
            self.route_tables["data"].append(data_rt)

    @property
    def outputs(self) -> NetworkOutputs:
        """The VPC and its subnets by tier."""
        return NetworkOutputs(
            vpc_id=self.vpc.id, public_subnet_ids=tuple(self.subnet_ids("public")),
            app_subnet_ids=tuple(self.subnet_ids("app")),
            data_subnet_ids=tuple(self.subnet_ids("data")))

    def subnet_ids(self, tier: str) -> list[str]:
        """Ids of the subnets of ``tier`` (``public``, ``app`` or ``data``), one per AZ."""
        return [s.id for s in self.subnets[tier]]

    def route_table_ids(self, *tiers: str) -> list[str]:
        """Ids of the route tables of ``tiers``."""
        return [rt.id for t in tiers for rt in self.route_tables[t]]
