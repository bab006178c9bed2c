"""Edge (global) services: hosted zone, CloudFront, WAF, latency records with health checks."""
