"""DnsValidatedCertificate: DNS validation records in the zone, overwrite-safe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


def test_certificate_is_dns_validated_in_the_zone(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
    from cdktf_cdktf_provider_aws.acm_certificate_validation import AcmCertificateValidation
    from cdktf_cdktf_provider_aws.route53_record import Route53Record

    cert = only(lb_stack, AcmCertificate.TF_RESOURCE_TYPE)
    assert cert["domain_name"] == "api.example.com"
    assert cert["validation_method"] == "DNS"
    assert cert["lifecycle"] == {"create_before_destroy": True}
    record = only(lb_stack, Route53Record.TF_RESOURCE_TYPE)
    assert record["zone_id"] == "Z123"
    assert record["allow_overwrite"] is True
    # Keyed by the requested names (known at plan time), never by the computed options.
    assert record["for_each"] == '${toset(["api.example.com"])}'
    assert record["name"] == (
        "${one([for o in aws_acm_certificate.certificate_certificate.domain_validation_options"
        " : o.resource_record_name if o.domain_name == each.key])}")
    waiter = only(lb_stack, AcmCertificateValidation.TF_RESOURCE_TYPE)
    assert "aws_route53_record.certificate_validation" in waiter["validation_record_fqdns"]


@pytest.mark.parametrize(("names", "message"), [
    (("*.example.com",), "wildcard"),
    (("a.example.com", "a.example.com"), "repeat"),
])
def test_conflicting_certificate_props_fail(names: tuple[str, ...], message: str) -> None:
    from modules.loadbalancing.certificate import CertificateProps

    with pytest.raises(ValueError, match=message):
        CertificateProps(domain_name=names[0], subject_alternative_names=names[1:], zone_id="Z")
