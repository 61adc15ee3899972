"""Entity labels, named once: the project's own and the English spaCy models' (OntoNotes).

Read by the entity component (so this file is part of the annotate step's cache fingerprint), the
entity rows, the catalog's vocabulary of entities.label, the review site and the scores."""

TARGET_LABELS = ("COUNTRY", "AGENCY", "CRIMINAL_GROUP", "PERSON")
MODEL_LABELS = (
    "CARDINAL",
    "DATE",
    "EVENT",
    "FAC",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOC",
    "MONEY",
    "NORP",
    "ORDINAL",
    "ORG",
    "PERCENT",
    "PERSON",
    "PRODUCT",
    "QUANTITY",
    "TIME",
    "WORK_OF_ART",
)
