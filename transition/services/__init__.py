"""Use cases: what users do, independent of how the web layer asks for it."""
