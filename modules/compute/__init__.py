"""Compute tier: ECS Fargate cluster, task roles, task definition, service and autoscaling."""
