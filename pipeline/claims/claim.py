"""A claim as the rules build it, and the record of which rule decided what."""

from __future__ import annotations

from dataclasses import dataclass, field

# the fields whose deciding rule the claims table carries (measured_rule, kind_rule, period_rule)
RECORDED = ("measured", "kind", "period")


@dataclass(frozen=True)
class Decision:
    """One rule firing: the field it decided (or 'claim' for a rule that found or joined amounts),
    the rule's id and the values it set."""

    field: str
    rule: str
    values: dict
    note: str | None = None  # what the rule went through ('via measured.subject_of_object')


@dataclass
class Claim:
    start: int  # offsets in the Doc's text
    end: int
    value: float | None
    unit: str
    unit_text: str | None = None
    dimension: str | None = None
    value_low: float | None = None
    value_high: float | None = None
    qualifier: str = "exact"
    value_si: float | None = None
    si_unit: str | None = None
    measured: str | None = None
    measured_span: tuple[int, int] | None = None  # Doc offsets of the phrase `measured` was read from
    kind: str = "level"
    direction: str | None = None
    period_start: object = None
    period_end: object = None
    period_text: str | None = None
    editorial: bool = False
    number_token: int | None = None
    extra: dict = field(default_factory=dict)  # what one rule tells a later one ('vague', 'bare', 'open', ...)
    rules: dict[str, str] = field(default_factory=dict)  # field -> id of the rule that decided it last
    trace: list[Decision] = field(default_factory=list)  # every rule that fired, in order

    def decide(self, what: str, rule: str, *, note: str | None = None, **values) -> None:
        """Set fields as rule `rule` decided them and record it; a later decision of the same field
        overrides this one, and both stay in the trace."""
        for name, value in values.items():
            setattr(self, name, value)
        self.rules[what] = rule
        self.trace.append(Decision(what, rule, values, note))

    def rule_of(self, what: str) -> str | None:
        return self.rules.get(what)

    def fired(self) -> list[str]:
        return [d.rule for d in self.trace]
