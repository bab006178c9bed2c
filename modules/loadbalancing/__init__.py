"""Load balancing: the regional ALB (listeners, target group, path rules) and DNS-validated
ACM certificates."""
