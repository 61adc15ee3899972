"""One document through the stages (pipeline.process)."""

import shutil

from pipeline.process import Settings
from pipeline.stages import corpus_outputs
from tests.conftest import LAYOUTS


def test_an_answer_in_the_next_turn_continues_the_measured_thing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(LAYOUTS / "question_and_answer.txt", raw)
    [out] = corpus_outputs(raw, Settings(cache_dir=str(tmp_path / "cache")), ("segment", "claims"))
    assert [(c["text"], c["turn_id"], c["measured"]) for c in out.claims] == [
        ("11 percent", 1, "Grain exports"),
        ("about 9 percent", 3, "Grain exports"),
    ]
