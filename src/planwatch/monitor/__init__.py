"""Monitoring: observations, task progress, progress rules and plan assessments."""
