"""Doc -> claim rows, as ordered rules that record which of them decided each field.

One module per question (see rows.py for the order they run in):
  quantities.py  which amounts, with value, unit and qualifier (quantulum3 + surface patterns)
  assembly.py    overlaps, ranges, editorial conversions, a bare amount's currency
  measured.py    what the amount counts or measures (the parse of its sentence)
  kind.py        level, change (up/down) or rate
  period.py      the time it refers to (pipeline.periods resolves the expression)
  discourse.py   restatements, elided nouns, the topic and the conversation across turns
  syntax.py      parse walks several rules share; lexicon.py + lexicon.yaml: every word list;
  registry.py + rules/*.yaml: every rule's id, description and examples, and the patterns' data;
"""

from pipeline.claims.claim import Claim, Decision
from pipeline.claims.discourse import Conversation
from pipeline.claims.rows import claim_rows, doc_claims, document_claim_rows

__all__ = ["Claim", "Conversation", "Decision", "claim_rows", "doc_claims", "document_claim_rows"]
