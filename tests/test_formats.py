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


# --------------------------------------------------------------------------- layouts met in files made by
# LibreOffice and word processors (found by tools/compare_formats.py; the figures here are invented)
def _pdf_of_lines(lines_at: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF whose page i holds, for each (x, y, text) of ``lines_at[i]``, that text drawn at (x, y)
    (10.5 pt, the CJK font of the other test PDFs)."""
    import io

    from reportlab.pdfgen import canvas

    font = rf._cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in lines_at:
        c.setFont(font, 10.5)
        for x, y, text in page:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _pieces(x: float, y: float, pieces: list[str], gap_em: float) -> list[tuple[float, float, str]]:
    """Text drawn in pieces with ``gap_em`` of a 10.5 pt character between them (the space a
    layout puts between Chinese and Latin text)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = []
    for p in pieces:
        out.append((x, y, p))
        x += stringWidth(p, rf._cjk_font(), 10.5) + gap_em * 10.5
    return out


def test_pdf_the_gap_a_layout_puts_between_chinese_and_figures_is_no_space_but_a_written_space_is():
    # LibreOffice sets "2023" and "年" a fifth of a character apart: the title's year must read 2023年
    page = _pieces(72, 760, ["2023", "年某区国民经济和社会发展统计公报"], 0.2)
    page += _pieces(72, 740, ["全区生产总值", "85.6", "亿元,增长", "5.2%", "。"], 0.2)
    page += [(72, 720, "公报 2023年 第一产业增加值3.1亿元。")]   # a space the text holds
    page += [(72, 700 - 20 * i, "全区上下坚持稳中求进工作总基调,推动经济社会发展取得新成效。") for i in range(4)]
    text = convert(_pdf_of_lines([page]), "r.pdf").text
    assert lines(text)[:3] == ["2023年某区国民经济和社会发展统计公报", "全区生产总值85.6亿元,增长5.2%。",
                               "公报 2023年 第一产业增加值3.1亿元。"]


def test_pdf_a_line_ending_short_before_a_figure_that_cannot_be_broken_is_joined_to_it():
    """A layout moves 1.9%、 (a number and the comma no line may start with) and 2.1∶40.4∶57.5 whole
    to the next line, leaving the line above short of the margin: still one paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = rf._cjk_font()
    full = "全区实现地区生产总值一千亿元以上,三次产业分别增长并且结构持续优化,各项"   # reaches the margin
    right = 72 + stringWidth(full, font, 10.5)
    short1, short2 = full[:-4], full[:-7]   # about three and six characters short of the margin
    for short in (short1, short2):
        assert right - (72 + stringWidth(short, font, 10.5)) > 2.5 * 10.5   # more than two characters short
    page = [(93, 760, full), (72, 744, full), (72, 728, short1), (72, 712, "1.9%、5.0%和8.0%,结构为"),
            (72, 696, full), (72, 680, short2), (72, 664, "2.1∶40.4∶57.5。"), (93, 640, full), (72, 624, "和总量"),
            (72, 608, "2.1∶40.4∶57.5。"), (93, 584, full), (72, 568, full)]
    text = convert(_pdf_of_lines([page]), "r.pdf").text
    assert short1 + "1.9%、5.0%和8.0%,结构为\n" in text
    assert full + short2 + "2.1∶40.4∶57.5。\n" in text
    assert "和总量\n2.1∶40.4∶57.5。" in text   # far short of the margin: a line of its own


def test_pdf_figures_at_the_page_edges_are_text_not_a_running_footer():
    """A table set one cell per line (a word processor's copy of a web table) leaves a bare figure at
    the foot of several pages; only lines with words repeating on many pages are running headers."""
    pages = []
    for i, figure in enumerate(("409.50", "71.04", "0.0")):
        page = [(72, 790, f"某区统计公报 第{i + 1}期")]   # a running header: dropped
        page += [(72, 700 - 16 * k, "全区经济运行稳中有进,主要指标保持增长,发展质量稳步提升。") for k in range(6)]
        page += [(72, 60, figure)]   # the last cell of the page, at its bottom edge
        pages.append(page)
    text = convert(_pdf_of_lines(pages), "r.pdf").text
    assert [ln for ln in lines(text) if ln[0].isdigit()] == ["409.50", "71.04", "0.0"]
    assert "统计公报 第" not in text


def test_web_page_heading_split_into_runs_by_libreoffice_reads_as_one_title():
    page = ("<html><head><meta charset='utf-8'><title>x</title></head><body><h1 class='western'>\n"
            "<font face='Noto Serif CJK SC'><span lang='zh-CN'></span></font>2023<font face='Noto Serif CJK SC'>"
            "<span lang='zh-CN'>年某区国民经济和社会发展统计公报</span></font></h1>\n"
            "<p class='western'><font face='Noto Serif CJK SC'><span lang='zh-CN'>全区生产总值</span></font>85.6"
            "<font face='Noto Serif CJK SC'><span lang='zh-CN'>亿元,增长</span></font>5.2%<font><span>。"
            + "全区上下坚持稳中求进工作总基调,推动经济社会发展取得新成效。" * 3 + "</span></font></p></body></html>")
    conv = convert(page.encode("utf-8"), "r.html")
    assert conv.title == "2023年某区国民经济和社会发展统计公报"
    assert lines(conv.text)[:2] == ["2023年某区国民经济和社会发展统计公报", "全区生产总值85.6亿元,增长5.2%。"
                                    + "全区上下坚持稳中求进工作总基调,推动经济社会发展取得新成效。" * 3]


def test_pdf_a_page_header_in_the_top_margin_is_left_out_even_on_a_one_page_report():
    body = [(72, 740 - 16 * k, "某县2023年全县生产总值312.5亿元,增长6.1%,经济运行稳中有进。") for k in range(8)]
    text = convert(_pdf_of_lines([[(72, 800, "政府信息公开"), *body]]), "r.pdf").text   # the header, 10 pt above
    assert lines(text)[0].startswith("某县2023年") and "政府信息公开" not in text
    text = convert(_pdf_of_lines([[(72, 800, "某县2023年统计公报"), (72, 786, "(2024年3月1日)"), *body]]), "r.pdf").text
    assert lines(text)[:2] == ["某县2023年统计公报", "(2024年3月1日)"]   # a title run on into the text below: kept
