import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.io import decode_bytes, list_inputs, write_table
from pipeline.schemas import PROBLEMS, TABLES

TEXT = "Events\nTitle\nPresident of Russia Vladimir Putin: Café – 5 percent.\n"


@pytest.mark.parametrize(
    "data, encoding, codes",
    [
        (TEXT.encode("utf-8"), "utf-8", []),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", []),
        (TEXT.encode("utf-16"), "utf-16", []),
        (TEXT.encode("cp1252"), "cp1252", ["legacy_encoding"]),
    ],
)
def test_text_is_decoded(data, encoding, codes):
    d = decode_bytes(data, "x.txt")
    assert d.text == TEXT and d.encoding == encoding and [p.code for p in d.problems] == codes


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty_file"),
        (b"  \n\t\n", "empty_file"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary_file"),
        (b"abc\x00\x01\x02def", "binary_file"),
    ],
)
def test_bad_bytes_become_problems(data, code):
    d = decode_bytes(data, "x.txt")
    assert d.text is None and [p.code for p in d.problems] == [code] and d.problems[0].severity == "error"


def test_size_limit():
    d = decode_bytes(b"x" * 100, "big.txt", max_bytes=10)
    assert d.text is None and d.problems[0].code == "file_too_large"


def test_crlf_is_kept_so_offsets_index_the_file():
    assert decode_bytes(b"a\r\nb", "x.txt").text == "a\r\nb"


def test_doc_ids_keep_subfolders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("x")
    (tmp_path / "b" / "same.txt").write_text("y")
    assert [f.doc_id for f in list_inputs(tmp_path)] == ["a/same", "b/same"]


def test_tables_are_written_with_schema_and_descriptions(tmp_path):
    path = write_table(
        [
            {
                "source_path": "x.txt",
                "doc_id": None,
                "stage": "segment",
                "severity": "error",
                "code": "empty_file",
                "message": "file is empty",
            }
        ],
        PROBLEMS,
        tmp_path / "problems.parquet",
    )
    schema = pq.read_schema(path)
    assert schema.names == PROBLEMS.names
    assert schema.field("code").metadata[b"description"].startswith(b"Stable code")
    assert list(pd.read_parquet(path)["code"]) == ["empty_file"]


def test_missing_columns_are_refused(tmp_path):
    with pytest.raises(ValueError, match="missing columns"):
        write_table(pd.DataFrame({"doc_id": ["a"]}), TABLES["turns"], tmp_path / "turns.parquet")


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_every_column_is_described(table):
    assert all(c.description.strip() for c in table.columns)
    assert len(set(table.names)) == len(table.names)


def test_stale_temporaries_of_outputs_are_removed_and_other_files_kept(tmp_path):
    from pipeline.io import remove_stale_temporaries

    for name in (".claims.parquet.ab12.tmp", ".metrics.json.y.tmp", ".index.html.z.tmp"):
        (tmp_path / name).write_bytes(b"half")
    (tmp_path / ".transcripts.duckdb.x.tmp").mkdir()  # the DuckDB file is built in a folder of its own
    (tmp_path / ".transcripts.duckdb.x.tmp" / "transcripts.duckdb").write_bytes(b"half")
    (tmp_path / ".notes.tmp").write_text("a user's file")
    (tmp_path / "claims.parquet").write_bytes(b"whole")
    assert remove_stale_temporaries(tmp_path) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.tmp", "claims.parquet"]


def test_a_second_holder_of_an_output_folder_is_refused_at_once(tmp_path):
    from pipeline.io import OutputLocked, output_lock

    with (
        output_lock(tmp_path / "out"),
        pytest.raises(OutputLocked, match="is being written by another run"),
        output_lock(tmp_path / "out"),
    ):
        pass
    with output_lock(tmp_path / "out"):  # released: the next run goes ahead
        pass


def test_a_streamed_batch_that_breaks_the_catalog_leaves_the_previous_file(tmp_path):
    from pipeline.io import TableSink
    from pipeline.schemas import TableError

    row = {"source_path": "x.txt", "doc_id": None, "stage": "segment", "severity": "error", "code": "empty_file"}
    write_table([row | {"message": "before"}], PROBLEMS, tmp_path / "problems.parquet")
    with pytest.raises(TableError, match="column 'severity' fails isin"), TableSink(tmp_path, [PROBLEMS]) as sink:
        sink.add("problems", [row | {"severity": "fatal", "message": "m"}])
    assert list(pd.read_parquet(tmp_path / "problems.parquet")["message"]) == ["before"]
    assert [p.name for p in tmp_path.iterdir()] == ["problems.parquet"]
