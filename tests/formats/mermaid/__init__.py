"""Fixtures for the Mermaid tests: hand-written diagrams and Mermaid's own parser."""
