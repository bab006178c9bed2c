"""Monitoring: the alerts topic, the seed's CloudWatch alarms, a dashboard and X-Ray tracing."""
