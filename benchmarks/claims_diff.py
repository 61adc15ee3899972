"""Row-by-row comparison of two claims tables (a base run and a new one), for a change to the claims
rules: which rows appeared or went, and which fields of the same rows changed.

Rows are matched on (doc_id, char_start, char_end); columns present in only one table are left out
(so a table of an older schema compares on the columns they share).

    python benchmarks/claims_diff.py BASE/claims.parquet NEW/claims.parquet [--show N] [--columns a,b]
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

KEY = ["doc_id", "char_start", "char_end"]


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    if hasattr(a, "__len__") and not isinstance(a, str):
        return list(a) == list(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return str(a) == str(b)


def diff(base: pd.DataFrame, new: pd.DataFrame, columns: list[str] | None = None) -> dict:
    """{'only_base': rows, 'only_new': rows, 'changed': {column: [(key, base value, new value)]}}."""
    shared = [c for c in base.columns if c in new.columns and c not in KEY]
    if columns:
        shared = [c for c in shared if c in columns]
    b = base.set_index(KEY)
    n = new.set_index(KEY)
    only_base = b.index.difference(n.index)
    only_new = n.index.difference(b.index)
    both = b.index.intersection(n.index)
    changed: dict[str, list] = {}
    for col in shared:
        for key, x, y in zip(both, b.loc[both, col], n.loc[both, col], strict=True):
            if not _same(x, y):
                changed.setdefault(col, []).append((key, x, y))
    return {"only_base": b.loc[only_base], "only_new": n.loc[only_new], "changed": changed, "rows": len(both)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--show", type=int, default=10, help="examples printed per difference")
    ap.add_argument("--columns", default=None, help="compare only these columns (comma-separated)")
    a = ap.parse_args()
    base, new = pd.read_parquet(a.base), pd.read_parquet(a.new)
    d = diff(base, new, a.columns.split(",") if a.columns else None)
    print(f"base {len(base)} rows, new {len(new)} rows, {d['rows']} in both")
    print(f"only in base: {len(d['only_base'])}; only in new: {len(d['only_new'])}")
    for name in ("only_base", "only_new"):
        for key, row in list(d[name].iterrows())[: a.show]:
            print(f"  {name}: {key[0]} [{key[1]}:{key[2]}] {row['text']!r} value={row['value']} unit={row['unit']}")
    for col, items in d["changed"].items():
        print(f"changed {col}: {len(items)}")
        for key, x, y in items[: a.show]:
            print(f"  {key[0]} [{key[1]}:{key[2]}]: {x!r} -> {y!r}")
    if not d["changed"] and d["only_base"].empty and d["only_new"].empty:
        print("identical on the shared columns")


if __name__ == "__main__":
    main()
