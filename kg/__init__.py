"""Core of the knowledge graph: settings, vocabulary namespaces, the store, validation and builds."""
