"""Milestone frameworks shipped as data (YAML), loaded with importlib.resources."""
