"""spaCy components of the project, registered with @Language.factory on import."""

from pipeline.components import entities  # noqa: F401  (registers "transcript_entities")
