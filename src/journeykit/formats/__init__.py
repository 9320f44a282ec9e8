"""Journey files and other tools' formats: YAML and JSON, Mermaid, the JSON Schema."""
