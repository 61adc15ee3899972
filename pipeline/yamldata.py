"""The YAML data files of the package (lexicon, rules, gazetteers), read with libyaml's parser when
PyYAML has it: the same documents as `yaml.safe_load` (the same safe constructor and resolver), ten
times faster.  Each worker process reads some 300 KB of them at start-up (1.3 s in pure Python)."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """`yaml.safe_load(text)`, by libyaml where it is installed."""
    return yaml.load(text, Loader=_LOADER)
