"""`planbook add`: one report given as .txt, .docx, .pdf and .html gives the same facts once added
and read; the manifest line is written by the csv module; a file already listed, and each bad
file, is refused on one line with nothing of it written while the other files are still added."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

import report_files as rf
from planbook.add import add_files, append_manifest_row
from planbook.ingest import TABLE_COLUMNS, ingest

ROOT = Path(__file__).resolve().parents[1]
FACT = ["indicator", "value", "unit", "region", "year", "measure", "status"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty workbook: the catalogs, no reports."""
    shutil.copytree(ROOT / "data" / "catalog", tmp_path / "data" / "catalog")
    (tmp_path / "data" / "raw").mkdir()
    monkeypatch.setenv("PLANBOOK_HOME", str(tmp_path))
    return tmp_path


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


def manifest(home: Path) -> list[dict]:
    with open(home / "data" / "raw" / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_one_report_in_four_formats_gives_the_same_facts(home, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    files = write(src, {"报告.txt": rf.report_txt(), "报告.docx": rf.report_docx(), "报告.pdf": rf.report_pdf(),
                        "报告.html": rf.report_html()})
    added, errors = add_files(files)
    assert errors == [] and len(added) == 4
    rows = manifest(home)
    assert [r["file"][:4] for r in rows] == ["000_", "001_", "002_", "003_"]
    assert [Path(r["file"]).suffix for r in rows] == [".txt", ".docx", ".pdf", ".html"]
    for r in rows:   # inferred from the text of each format alike
        assert (r["region"], r["doc_type"], r["period"], r["published"]) == \
            ("临平区", "计划执行情况与计划草案", "2023-2024", "2024-01-15"), r
        assert r["title"] == rf.TITLE
    interim = home / "data" / "interim"
    assert sorted(p.suffix for p in interim.glob("*.txt")) == [".txt"] * 3   # docx, pdf, html texts
    assert len(list(interim.glob("*.pages.json"))) == 3

    res = ingest(write=False)
    assert res.errors == []
    facts = res.indicators
    by_doc = {d: sorted(map(tuple, g[FACT].astype(str).values.tolist())) for d, g in facts.groupby("doc_id")}
    assert sorted(by_doc) == ["000", "001", "002", "003"]
    txt = by_doc["000"]
    for doc in ("001", "002", "003"):
        assert by_doc[doc] == txt, doc
    got = {(r[0], r[1], r[4], r[6]) for r in txt}
    assert ("地区生产总值", "1234.5", "2023", "actual") in got               # prose
    assert ("规模以上工业增加值", "538.6", "2023", "actual") in got          # table row
    assert ("规模以上工业增加值", "520.0", "2023", "target") in got
    assert any(r[0] == "城镇居民人均可支配收入" and r[4] == "2024" and r[6] == "target" for r in txt)
    from planbook.formats import fact_pages

    pages = fact_pages(facts)
    assert {p for p, d in zip(pages, facts.doc_id) if d == "002"} == {1}      # the PDF's one page
    assert {p for p, d in zip(pages, facts.doc_id) if d != "002"} == {None}
    # every quote points into the text the extractor read (data/interim for the PDF)
    pdf_text = (interim / f"{Path(rows[2]['file']).stem}.txt").read_text(encoding="utf-8")
    for q, a, b in facts[facts.doc_id == "002"][["quote", "char_start", "char_end"]].itertuples(index=False):
        assert pdf_text[int(a):int(b)].strip() in q or q in pdf_text


def test_same_file_twice_is_refused_naming_the_entry(home, tmp_path):
    f = write(tmp_path, {"a.docx": rf.report_docx()})[0]
    assert add_files([f])[1] == []
    copy = write(tmp_path, {"b.docx": f.read_bytes()})[0]
    added, errors = add_files([copy])
    assert added == [] and len(errors) == 1
    assert errors[0].startswith(f"{copy}: ") and "000_" in errors[0] and rf.TITLE in errors[0]
    assert len(manifest(home)) == 1 and len(list((home / "data" / "raw").glob("00*"))) == 1


def test_bad_files_are_refused_and_the_others_still_added(home, tmp_path):
    files = write(tmp_path, {"加密.pdf": rf.encrypted_pdf(), "扫描.pdf": rf.scanned_pdf(tmp_path),
                             "损坏.docx": rf.damaged_docx(), "首页.html": rf.empty_web_page(),
                             "旧.doc": b"\xd0\xcf\x11\xe0" + b"\0" * 100, "好.pdf": rf.report_pdf()})
    added, errors = add_files(files)
    assert [Path(p.source).name for p, _ in added] == ["好.pdf"]
    assert len(errors) == 5 and all("\n" not in e for e in errors)
    assert [e.split(": ")[0] for e in errors] == [str(p) for p in files[:5]]
    raw = sorted(p.name for p in (home / "data" / "raw").iterdir())
    assert raw == [added[0][1]["file"], "manifest.csv"] and added[0][1]["file"].startswith("000_")
    stem = Path(added[0][1]["file"]).stem
    assert sorted(p.name for p in (home / "data" / "interim").iterdir()) == [stem + ".pages.json", stem + ".txt"]


def test_flags_override_what_was_inferred_and_the_manifest_is_csv_quoted(home, tmp_path):
    f = write(tmp_path, {"a.html": rf.report_html()})[0]
    added, errors = add_files([f], {"region": "杭州市", "period": "2023", "title": '临平区计划,含"附表"',
                                    "doc_type": None, "published": None})
    assert errors == []
    prep, row = added[0]
    assert prep.inferred["region"] == "临平区" and row["region"] == "杭州市"
    line = (home / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8").splitlines()[1]
    assert '"临平区计划,含""附表"""' in line
    assert manifest(home)[0]["title"] == '临平区计划,含"附表"' and manifest(home)[0]["period"] == "2023"
    bad, errors = add_files(write(tmp_path, {"b.txt": rf.report_txt()}), {"region": "火星区"})
    assert bad == [] and "火星区" in errors[0] and len(manifest(home)) == 1


def test_append_keeps_a_hand_edited_manifest_as_it_is(tmp_path):
    m = tmp_path / "manifest.csv"
    old = "\ufefffile,region,title,sha256\r\n007_x.txt,杭州市,手写的一行,abc"   # BOM, CRLF, no final newline
    m.write_bytes(old.encode("utf-8"))
    append_manifest_row({"file": "008_y.pdf", "region": "余杭区", "title": "a,b", "sha256": "def"}, m)
    assert m.read_bytes() == (old + '\r\n008_y.pdf,余杭区,"a,b",def\r\n').encode("utf-8")


def test_cli_prints_the_inferred_table_and_one_line_per_bad_file(home, tmp_path):
    files = write(tmp_path, {"报告.docx": rf.report_docx(), "旧.wps": b"\xd0\xcf\x11\xe0" + b"\0" * 100})
    out = subprocess.run([sys.executable, "-m", "planbook", "add", *map(str, files), "--published", "2024-01"],
                         capture_output=True, text=True, env={"PLANBOOK_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 1
    assert "临平区" in out.stdout and "2024-01 (指定)" in out.stdout and "000_" in out.stdout
    err = out.stderr.strip().splitlines()
    assert len(err) == 1 and "旧.wps" in err[0] and ".docx或PDF" in err[0] and "Traceback" not in out.stderr


def test_upload_control_adds_a_file_with_the_fields_as_edited(home):
    from planbook.upload_view import upload_control

    panel = upload_control()
    upload, forms = panel.children[0].children[0], panel.children[1]
    now = datetime.now(timezone.utc)
    upload.value = ({"name": "报告.docx", "type": "", "size": 0, "last_modified": now,
                     "content": memoryview(rf.report_docx())},
                    {"name": "旧.doc", "type": "", "size": 0, "last_modified": now, "content": memoryview(b"\xd0\xcf")})
    form, bad = forms.children
    assert "旧.doc" in bad.value and ".docx或PDF" in bad.value
    head, region, doc_type, period, published, title, preview, (save, status) = \
        form.children[:7] + (form.children[7].children,)
    assert "| 规模以上工业增加值 | 亿元 | 520 | 538.6 |" in preview.children[0].value
    assert "表格行4行" in preview.get_title(0)
    assert (region.value, period.value, published.value) == ("临平区", "2023-2024", "2024-01-15")
    title.value = "临平区计划报告(修订)"
    save.click()
    assert "已添加为 000_" in status.value and save.disabled
    row, = manifest(home)
    assert row["title"] == "临平区计划报告(修订)" and row["region"] == "临平区" and row["file"].endswith(".docx")
    save.disabled = False
    save.click()   # the same file again: refused, nothing more written
    assert "未保存" in status.value and len(manifest(home)) == 1


def test_the_seed_reports_as_word_pdf_and_web_pages_give_the_facts_of_their_txt(tmp_path):
    """The five reports in data/raw, rewritten as .docx and .html (and four as PDF: the fifth uses
    marks the test's PDF font has no glyph for), read with no manifest: the facts of each format
    are those of the .txt."""
    made = []
    for i, src in enumerate(sorted((ROOT / "data" / "raw").glob("*.txt"))):
        blocks = rf.text_blocks(src.read_text(encoding="utf-8"))
        made.append(write(tmp_path, {src.name: src.read_bytes(), f"{src.stem}.docx": rf.blocks_docx(blocks),
                                     f"{src.stem}.html": rf.blocks_html(blocks),
                                     **({f"{src.stem}.pdf": rf.blocks_pdf(blocks)} if i < 4 else {})}))
    res = ingest([p for group in made for p in group], write=False, cache=False)
    assert res.errors == []
    idx = [TABLE_COLUMNS.index(c) for c in FACT]
    facts = {d.file: sorted(tuple(str(r[i]) for i in idx) for r in d.records()) for d in res.documents}
    for group in made:
        txt = facts[group[0].name]
        assert len(txt) > 50
        for other in group[1:]:
            assert facts[other.name] == txt, other.name


def test_a_pdf_table_without_rules_is_read_from_the_gaps_between_its_columns(home, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    font = rf._cjk_font()
    style = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK")
    table = Table(rf.TABLE[:3], colWidths=[200, 50, 80, 80])   # no grid lines
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), font)])
    pdf = tmp_path / "无框表.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(
        [Paragraph(rf.TITLE, style), Paragraph(rf.DATE, style)] + [Paragraph(p, style) for p in rf.PARAGRAPHS] + [table])
    assert add_files([pdf])[1] == []
    facts = ingest(write=False).indicators
    got = {(r.indicator, r.value, r.year, r.status) for r in facts.itertuples()}
    assert ("规模以上工业增加值", 538.6, 2023, "actual") in got and ("规模以上工业增加值", 520.0, 2023, "target") in got
    assert ("固定资产投资", 7.2, 2023, "actual") in got   # (its growth)


def test_a_file_dropped_into_data_raw_by_hand_is_renamed_not_doubled(home):
    dropped = home / "data" / "raw" / "报告.docx"
    dropped.write_bytes(rf.report_docx())
    (prep, row), = add_files([dropped])[0]
    assert not dropped.exists()
    assert sorted(p.name for p in (home / "data" / "raw").iterdir()) == [row["file"], "manifest.csv"]
