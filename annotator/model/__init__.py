"""Plain Python domain objects and rules: documents, spans, schema, offsets. No Qt."""
