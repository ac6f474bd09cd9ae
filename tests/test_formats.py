"""Report formats -> text: PDF, Word and web pages give the text of their .txt version (tables as
pipe rows, web-page furniture left out), and each bad input gets one line naming the file."""
from __future__ import annotations

import json

import pytest

import report_files as rf
from planbook.fileio import PlanbookError
from planbook.formats import convert, page_of, save_interim
from planbook.formats.common import pipe_row


def lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize("name, make", [("r.docx", rf.report_docx), ("r.pdf", rf.report_pdf)])
def test_word_and_pdf_give_the_text_of_the_txt_version(name, make):
    assert convert(make(), name).text == convert(rf.report_txt(), "r.txt").text


def test_web_page_keeps_its_report_and_table_and_drops_the_site_furniture():
    conv = convert(rf.report_html(), "r.html")
    text = conv.text
    for ln in lines(convert(rf.report_txt(), "r.txt").text):
        assert ln in text
    for furniture in ("网站首页", "当前位置", "机构概况", "分享到", "打印本页", "关闭窗口", "主办单位", "ICP备", "网站地图",
                      "相关链接"):
        assert furniture not in text, furniture
    assert lines(text)[0] == rf.TITLE   # the page heading opens the text, the site name left out
    assert conv.date == "2024-01-15"


def test_table_rows_keep_empty_and_merged_cells_in_place():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("表1 主要指标")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "指标"          # merged down two rows
    t.cell(0, 2).merge(t.cell(0, 3)).text = "2023年"        # merged across two columns
    t.cell(0, 1).text = "单位"
    for j, v in enumerate(["目标", "完成"]):
        t.cell(1, 2 + j).text = v
    for j, v in enumerate(["地区生产总\n值", "亿元", "1220", "1234.5"]):
        t.cell(2, j).text = v
    d.add_paragraph("2023年全区地区生产总值1234.5亿元,增长6.1%。" * 8)
    buf = io.BytesIO()
    d.save(buf)
    text = convert(buf.getvalue(), "t.docx").text
    assert "| 指标 | 单位 | 2023年 |  |" in text
    assert "|  |  | 目标 | 完成 |" in text
    assert "| 地区生产总值 | 亿元 | 1220 | 1234.5 |" in text   # a line wrapped inside a cell is joined
    assert pipe_row(["a|b", None, " x \n y "]) == "| a/b |  | x y |"


def test_pdf_pages_are_kept_so_a_figure_can_be_found_on_its_page(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = rf._cjk_font()
    pdf = tmp_path / "p.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    for page, value in enumerate(["101.1", "202.2", "303.3"], start=1):
        c.setFont(font, 12)
        c.drawString(72, 760, f"第{page}部分:2023年某项指标达到{value}亿元,比上年增长{page}.5%。")
        c.drawString(72, 740, "全区经济运行总体平稳,稳中有进,主要指标好于预期,发展质量和效益持续提升。")
        c.drawCentredString(A4[0] / 2, 30, f"- {page} -")
        c.showPage()
    c.save()
    conv = convert(pdf.read_bytes(), "p.pdf")
    assert len(conv.pages) == 3 and "- 2 -" not in conv.text
    interim = tmp_path / "interim"
    save_interim(conv, pdf, interim)
    assert json.loads((interim / "p.pages.json").read_text())["pages"] == conv.pages
    assert [page_of("p.pdf", conv.text.index(v), interim) for v in ("101.1", "202.2", "303.3")] == [1, 2, 3]


@pytest.mark.parametrize("name, make, words", [
    ("加密.pdf", lambda tmp: rf.encrypted_pdf(), ["加密", "password"]),
    ("扫描件.pdf", rf.scanned_pdf, ["OCR", "扫描件"]),
    ("损坏.docx", lambda tmp: rf.damaged_docx(), ["损坏", "damaged"]),
    ("首页.html", lambda tmp: rf.empty_web_page(), ["没有找到报告正文", "no report text"]),
    ("旧版.doc", lambda tmp: b"\xd0\xcf\x11\xe0" + b"\0" * 500, [".docx或PDF", "save the report as .docx or PDF"]),
    ("草案.wps", lambda tmp: b"\xd0\xcf\x11\xe0" + b"\0" * 500, [".docx或PDF", "save the report as .docx or PDF"]),
    ("名单.xlsx", lambda tmp: b"PK\x03\x04", ["不支持的文件格式", "unsupported format"]),
])
def test_each_bad_input_gets_one_line_naming_the_file(tmp_path, name, make, words):
    with pytest.raises(PlanbookError) as err:
        convert(make(tmp_path), name)
    msg = str(err.value)
    assert msg.startswith(f"{name}: ") and "\n" not in msg
    for w in words:
        assert w in msg


def test_the_extracted_text_is_kept_and_made_again_when_the_readers_change(tmp_path, monkeypatch):
    from planbook.formats import document_text

    pdf = tmp_path / "000_x.pdf"
    pdf.write_bytes(rf.report_pdf())
    interim = tmp_path / "interim"
    text = document_text(pdf, interim)
    assert text == convert(rf.report_txt(), "r.txt").text
    kept = interim / "000_x.txt"
    assert kept.read_text(encoding="utf-8") == text
    kept.write_text("已存的文本", encoding="utf-8")
    assert document_text(pdf, interim) == "已存的文本"          # kept: not extracted again
    monkeypatch.setattr("planbook.formats.readers_version", lambda: "another")
    assert document_text(pdf, interim) == text                 # other reader code: extracted again
    assert document_text(pdf, None) == text and not (tmp_path / "000_x.txt").exists()


def test_an_old_style_page_laid_out_with_tables_and_without_class_names():
    txt = convert(rf.report_txt(), "r.txt").text
    paras = "".join(f"<p>{p}</p>" for p in rf.PARAGRAPHS)
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rf.TABLE)
    page = f"""<html><head><title>{rf.TITLE}</title></head><body><table width="1000">
<tr><td><a href="/">首页</a> | <a href="/a">新闻中心</a> | <a href="/b">政务公开</a> | <a href="/c">办事服务</a></td></tr>
<tr><td>当前位置:<a href="/">首页</a> &gt; <a href="/b">政务公开</a></td></tr>
<tr><td><table><tr><td><b>{rf.TITLE}</b><br>{rf.DATE}{paras}<table border="1">{rows}</table><p>{rf.CLOSING}</p></td></tr></table></td></tr>
<tr><td>【<a href="javascript:print()">打印本页</a>】 【<a href="javascript:close()">关闭窗口</a>】</td></tr>
<tr><td>版权所有:某区人民政府 地址:某路1号</td></tr></table></body></html>"""
    text = convert(page.encode("gb18030").replace(b"<head>", b'<head><meta charset="gb2312">'), "old.htm").text
    assert lines(text) == lines(txt)
    for furniture in ("新闻中心", "当前位置", "打印本页", "关闭窗口", "版权所有"):
        assert furniture not in text


def test_word_numbering_drawn_by_word_is_part_of_the_text():
    from planbook.formats.word_numbering import format_number

    text = convert(rf.numbered_docx(), "numbered.docx").text
    assert "\n一、2023年计划执行情况\n" in text and "\n二、2024年主要预期目标\n" in text
    assert "\n（一）主要指标完成情况\n" in text   # a second level restarts under 二、
    assert [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 21)] == ["一", "十", "十二", "二十", "二十一"]
    assert format_number(4, "upperRoman") == "IV" and format_number(3, "decimalEnclosedCircle") == "③"
