"""Writing a release: serialisations of the graph into an output folder."""
