"""Traffic per serving region, derived from the demand model (no other numbers)."""

from __future__ import annotations

from dataclasses import dataclass

from regions.demand import DemandModel

HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = HOURS_PER_MONTH / 24


@dataclass(frozen=True)
class RegionLoad:
    """The load one jurisdiction's users put on the platform."""

    residency: str
    """``us`` or ``eu``."""
    users: float
    """Daily active users of this jurisdiction."""
    share_regions: int
    """Serving regions of this jurisdiction that split its load."""
    average_rps: float
    """Origin requests per second (after the CDN), average, per serving region."""
    peak_rps: float
    """Origin requests per second at the seed's daily peak, per serving region."""
    spike_rps: float
    """Origin requests per second in the seed's 10x spike, per serving region."""
    monthly_requests: float
    """All requests (CDN + origin) of this jurisdiction per month, per serving region."""
    monthly_origin_requests: float
    """Requests reaching the load balancer per month, per serving region."""
    concurrent_sessions: float
    """Sessions open at the daily peak, per serving region."""


def region_load(d: DemandModel, residency: str, regions_sharing: int) -> RegionLoad:
    """The load per serving region of ``residency`` when ``regions_sharing`` share it."""
    n = max(regions_sharing, 1)
    users = d.daily_active_users * d.share(residency)
    origin = 1.0 - d.cdn_hit_ratio
    avg_all = users * d.requests_per_user_per_day / 86_400 / n
    sessions_avg = users * d.sessions_per_user_per_day * d.session_minutes / 1440 / n
    return RegionLoad(
        residency=residency, users=users / n, share_regions=n,
        average_rps=avg_all * origin, peak_rps=avg_all * origin * d.peak_factor,
        spike_rps=avg_all * origin * d.spike_factor,
        monthly_requests=avg_all * 86_400 * DAYS_PER_MONTH,
        monthly_origin_requests=avg_all * origin * 86_400 * DAYS_PER_MONTH,
        concurrent_sessions=sessions_avg * d.peak_factor,
    )
