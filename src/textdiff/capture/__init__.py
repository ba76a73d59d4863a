"""Capture articles from the web: fetch (HTTP), extract (HTML to article), identify (URL to id)."""
