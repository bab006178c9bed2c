"""An ACM certificate validated through DNS records in a Route 53 zone.

Used for the regional ALBs (in the app stacks, against the zone of the ``global``
stack) and for CloudFront (in the edge stack, region ``us-east-1``). The validation
CNAME of a name is the same for every certificate of the account, so the records
allow overwrite: both regions' ALB certificates can validate ``api.<domain>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformIterator, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
from cdktf_cdktf_provider_aws.acm_certificate_validation import AcmCertificateValidation
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from constructs import Construct


@dataclass(frozen=True)
class CertificateProps:
    """Inputs of :class:`DnsValidatedCertificate`."""

    domain_name: str
    """Primary name of the certificate (no wildcard: name each host)."""
    zone_id: str
    """Route 53 hosted zone holding the validation records."""
    subject_alternative_names: tuple[str, ...] = ()
    """Additional names."""

    def __post_init__(self) -> None:
        names = (self.domain_name, *self.subject_alternative_names)
        if any(n.startswith("*") for n in names):
            raise ValueError("wildcard certificates are not allowed: name each host")
        if len(set(names)) != len(names):
            raise ValueError(f"certificate names repeat: {names}")


class DnsValidatedCertificate(Construct):
    """Certificate + validation records + the validation waiter."""

    def __init__(self, scope: Construct, id: str, *, props: CertificateProps) -> None:
        super().__init__(scope, id)
        self.certificate = AcmCertificate(
            self, "certificate", domain_name=props.domain_name,
            subject_alternative_names=list(props.subject_alternative_names) or None,
            validation_method="DNS", key_algorithm="EC_prime256v1",
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )
        # Keyed by the names we ask for, known at plan time: ``for_each`` over the computed
        # ``domain_validation_options`` is "Invalid for_each" once the certificate has SANs.
        names = TerraformIterator.from_list([props.domain_name,
                                             *props.subject_alternative_names])
        cert = self.certificate
        address = f"{cert.terraform_resource_type}.{cert.friendly_unique_id}"

        def option(attribute: str) -> str:
            return (f"${{one([for o in {address}.domain_validation_options : o.{attribute} "
                    f"if o.domain_name == each.key])}}")

        self.records = Route53Record(
            self, "validation", for_each=names, zone_id=props.zone_id,
            name=option("resource_record_name"), type=option("resource_record_type"),
            records=[option("resource_record_value")], ttl=300, allow_overwrite=True,
        )
        fqdns = TerraformIterator.from_resources(self.records).pluck_property("fqdn")
        self.validation = AcmCertificateValidation(
            self, "validated", certificate_arn=self.certificate.arn,
            validation_record_fqdns=Token.as_list(fqdns),
        )

    @property
    def arn(self) -> str:
        """ARN of the certificate once validated (use this in listeners/distributions)."""
        return self.validation.certificate_arn
