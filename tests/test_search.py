"""`extract search` on a dataset built from corpus documents: folding of case, diacritics, tone-mark
placement and "đ"; ranking; filters; the index kept beside the Parquet files and rebuilt when they change."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import unicodedata

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import CORPUS
from extract.cli import app
from extract.dataset import search as search_module
from extract.dataset.search import INDEX_NAME, fold, match_expression, query_words

runner = CliRunner()

# Text documents of many provinces and one DOCX: quick to read, every kind of figure.
DOCUMENTS = sorted(p.name for p in CORPUS.glob("*.txt")) + ["quang-ngai-5127-KH-UBND-2022.docx"]
BUDGET_REVENUE = {"budget_revenue"}  # schemas/indicators.yaml: the one code for "thu ngân sách" and its parts


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """A dataset folder made by `extract run` from the corpus documents above."""
    folder = tmp_path_factory.mktemp("search")
    out = folder / "out"
    result = runner.invoke(app, ["run", *[str(CORPUS / name) for name in DOCUMENTS], "--out", str(out), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    return out


def search_json(out, *args):
    """The rows `extract search ... --format json` prints, with the exit code checked."""
    result = runner.invoke(app, ["search", *args, "--out", str(out), "--format", "json", "--limit", "1000"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def identity(rows):
    """What tells one found figure from another, in rank order."""
    return [(r["doc_id"], r["text"], r["page"], r["sentence"]) for r in rows]


@pytest.mark.parametrize("text, folded", [
    ("Thu NGÂN SÁCH", "thu ngan sach"),
    ("Đắk Lắk", "dak lak"),
    ("hoà bình", "hoa binh"),
    ("hòa bình", "hoa binh"),
    ("ĐẦU TƯ", "dau tu"),
    ("uỷ ban", "uy ban"),
    ("Ðắk Nông", "dak nong"),
    (unicodedata.normalize("NFD", "Tiền Giang"), "tien giang"),
    ("", ""),
], ids=["case-and-marks", "d-stroke", "old-tone-place", "new-tone-place", "capital-d-stroke", "uy", "eth-look-alike",
        "nfd", "empty"])
def test_fold(text, folded):
    assert fold(text) == folded


def slow_fold(text):
    """The folding spelt out: NFD, every combining mark dropped, đ to d, lower case."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def test_fold_is_the_slow_way_on_every_corpus_document():
    for path in CORPUS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert fold(text) == slow_fold(text), path.name


def test_query_words_are_quoted_so_no_word_is_an_operator():
    words = query_words('thu AND "ngân" NOT sách*')
    assert words == ["thu", "and", "ngan", "not", "sach"]
    assert match_expression(words, phrase=False) == '"thu" "and" "ngan" "not" "sach"'
    assert match_expression(words, phrase=True) == '"thu and ngan not sach"'


def test_thu_ngan_sach_with_or_without_marks_finds_the_same_budget_revenue_rows(dataset):
    plain = search_json(dataset, "thu ngan sach")
    assert len(plain) >= 20
    assert {r["indicator"] for r in plain} == BUDGET_REVENUE
    for variant in ("THU NGÂN SÁCH", "thu ngân sách", "Thu ngan sách"):
        assert identity(search_json(dataset, variant)) == identity(plain), variant


def test_ngan_sach_variants_find_the_same_rows(dataset):
    rows = search_json(dataset, "ngan sach")
    assert rows
    for variant in ("ngân sách", "NGÂN SÁCH", "ngan sách"):
        assert identity(search_json(dataset, variant)) == identity(rows), variant


@pytest.mark.parametrize("one, other", [("hoà", "hòa"), ("đô thị hoá", "đô thị hóa"), ("hàng hoá", "hàng hóa"),
                                        ("thuỷ sản", "thủy sản")], ids=["hoa", "do-thi-hoa", "hang-hoa", "thuy-san"])
def test_tone_mark_placement_does_not_matter(dataset, one, other):
    rows = search_json(dataset, one)
    assert rows
    assert identity(search_json(dataset, other)) == identity(rows)


def test_d_matches_d_stroke(dataset):
    rows = search_json(dataset, "dau tu")
    assert rows
    assert identity(search_json(dataset, "đầu tư")) == identity(rows)
    assert identity(search_json(dataset, "ĐẦU TƯ")) == identity(rows)


def test_results_carry_province_year_kind_value_unit_document_and_page(dataset):
    rows = search_json(dataset, "thu ngan sach")
    for r in rows:
        assert r["province"] and r["kind"] in ("target", "actual") and r["unit"] in ("VND", "percent")  # amounts, growth
        assert r["value"] is not None or r["value_low"] is not None
        assert r["doc_path"].startswith(str(CORPUS)) and "doc_title" in r
        assert "page" in r
    # every document's title, where it has one (an excerpt, as vinh-phuc-excerpt-2024, has none)
    assert all(r["doc_title"] for r in rows if "excerpt" not in r["doc_path"])
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)  # BM25: lower is better


def test_budget_figures_are_in_base_units(dataset):
    rows = search_json(dataset, "thu ngan sach", "--province", "Ha Tinh", "--year", "2023", "--kind", "actual")
    total = next(r for r in rows if r["breakdown"] is None)
    assert total["text"] == "14,1 nghìn tỷ đồng" and total["value_base"] == 14.1e12


def test_the_indicator_phrase_outranks_the_sentence(dataset):
    rows = search_json(dataset, "thu noi dia")
    assert rows
    first = rows[0]
    assert "thu nội địa" in first["indicator_text"].lower()
    sentence_only = [i for i, r in enumerate(rows) if "thu nội địa" not in (r["indicator_text"] or "").lower()]
    phrase = [i for i, r in enumerate(rows) if "thu nội địa" in (r["indicator_text"] or "").lower()]
    assert not sentence_only or max(phrase) < min(sentence_only)


def test_indicator_code_and_label_are_searched(dataset):
    by_code = search_json(dataset, "budget_revenue")
    assert by_code and {r["indicator"] for r in by_code} == BUDGET_REVENUE
    by_label = search_json(dataset, "ty le ho ngheo")
    assert by_label and {r["indicator"] for r in by_label} == {"poverty_rate"}


def test_document_title_is_searched(dataset):
    rows = search_json(dataset, "phat trien ket cau ha tang giao thong")  # the Lâm Đồng plan's title
    assert rows and {r["doc_path"].rsplit("/", 1)[-1] for r in rows} == {"lam-dong-0315-KH-UBND-2022.txt"}


def test_words_apart_are_found_when_the_phrase_is_not(dataset):
    rows = search_json(dataset, "sach ngan thu")  # no phrase in this order
    assert rows and all(r["match"] == "words" for r in rows)
    assert all(r["match"] == "phrase" for r in search_json(dataset, "thu ngan sach"))


@pytest.mark.parametrize("option, value, check", [
    ("--province", "Ha Tinh", lambda r: r["province"] == "Hà Tĩnh"),
    ("--province", "QUẢNG NGÃI", lambda r: r["province"] == "Quảng Ngãi"),
    ("--year", "2023", lambda r: r["year"] == 2023),
    ("--kind", "target", lambda r: r["kind"] == "target"),
    ("--kind", "actual", lambda r: r["kind"] == "actual"),
    ("--indicator", "grdp", lambda r: r["indicator"] == "grdp"),
], ids=["province-unaccented", "province-capitals", "year", "kind-target", "kind-actual", "indicator"])
def test_filters(dataset, option, value, check):
    everything = search_json(dataset, "ty le")
    words = "tang" if option == "--indicator" else "ty le"
    rows = search_json(dataset, words, option, value)
    assert rows
    assert all(check(r) for r in rows)
    if option != "--indicator":
        assert len(rows) < len(everything)


def test_filters_combine(dataset):
    rows = search_json(dataset, "ngan sach", "--province", "ha tinh", "--year", "2024", "--kind", "target")
    assert rows and all((r["province"], r["year"], r["kind"]) == ("Hà Tĩnh", 2024, "target") for r in rows)


def test_limit(dataset):
    result = runner.invoke(app, ["search", "ty le", "--out", str(dataset), "--format", "json", "--limit", "3"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3


def test_csv_and_table_formats(dataset):
    rows = search_json(dataset, "thu ngan sach", "--province", "Ha Tinh")
    result = runner.invoke(app, ["search", "thu ngan sach", "--out", str(dataset), "--province", "Ha Tinh",
                                 "--format", "csv", "--limit", "1000"])
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in table] == [r["text"] for r in rows]
    result = runner.invoke(app, ["search", "thu ngan sach", "--out", str(dataset), "--province", "Ha Tinh"])
    assert result.exit_code == 0
    assert "Hà Tĩnh" in result.stdout and "14,1 nghìn tỷ đồng" in result.stdout


def test_no_match_says_so(dataset):
    result = runner.invoke(app, ["search", "xyzzy", "--out", str(dataset)])
    assert result.exit_code == 0
    assert "No figure matches 'xyzzy'" in result.output


@pytest.mark.parametrize("args, message", [
    (["--kind", "plan"], "--kind must be one of target, actual"),
    (["--format", "xml"], "--format must be one of table, csv, json"),
])
def test_bad_options_exit_2_with_a_message(dataset, args, message):
    result = runner.invoke(app, ["search", "thu", "--out", str(dataset), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_folder_without_a_dataset_says_how_to_make_one(tmp_path):
    result = runner.invoke(app, ["search", "thu ngan sach", "--out", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no dataset here" in result.output and "extract run PATH --out" in result.output


def test_the_index_is_kept_and_rebuilt_when_the_parquet_files_change(dataset, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(dataset, out, ignore=shutil.ignore_patterns(INDEX_NAME + "*"))
    before = search_json(out, "thu ngan sach")
    index = out / INDEX_NAME
    assert index.exists()
    stamp = index.stat().st_mtime_ns
    assert identity(search_json(out, "thu ngan sach")) == identity(before)
    assert index.stat().st_mtime_ns == stamp  # reused, not rebuilt
    table = pq.read_table(out / "targets.parquet")
    pq.write_table(table.filter(pc.equal(table.column("kind"), "target")), out / "targets.parquet")
    after = search_json(out, "thu ngan sach")
    assert after and {r["kind"] for r in after} == {"target"}
    assert len(after) < len(before)
    assert [p for p in os.listdir(out) if p.startswith(INDEX_NAME + ".")] == []  # no temporary file left


def test_a_folder_that_cannot_be_written_is_searched_with_an_index_in_memory(dataset, tmp_path, monkeypatch):
    out = tmp_path / "ro"
    shutil.copytree(dataset, out, ignore=shutil.ignore_patterns(INDEX_NAME + "*"))

    def refuse(*args, **kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(search_module.tempfile, "mkstemp", refuse)
    found = search_module.search(out, "thu ngan sach", limit=1000)
    assert identity(found) == identity(search_json(dataset, "thu ngan sach"))
    assert not (out / INDEX_NAME).exists()
