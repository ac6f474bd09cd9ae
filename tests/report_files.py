"""One invented report written as .txt, .docx, .pdf and .html (a full web page with navigation,
breadcrumbs, share/print links and a footer), and the bad files, all made here (no committed
binaries). Figures are invented."""
from __future__ import annotations

import io
from pathlib import Path

TITLE = "杭州市临平区2023年国民经济和社会发展计划执行情况与2024年计划草案"
DATE = "2024年1月15日"
PARAGRAPHS = [
    "一、2023年计划执行情况",
    "2023年,全区实现地区生产总值1234.5亿元,比上年增长6.1%;一般公共预算收入210.3亿元,增长4.2%。"
    "城镇居民人均可支配收入达到71234元,增长5.0%;农村居民人均可支配收入45678元,增长6.6%。"
    "社会消费品零售总额达到612.7亿元,增长7.3%。",
    "二、2024年主要预期目标",
    "2024年经济社会发展的主要预期目标是:地区生产总值增长6%左右;一般公共预算收入增长5%;"
    "城镇居民人均可支配收入增长6%。",
    "表1 2023年主要指标完成情况",
]
TABLE = [["指标名称", "单位", "2023年目标", "2023年完成"],
         ["固定资产投资增长", "%", "6", "7.2"],
         ["规模以上工业增加值", "亿元", "520", "538.6"],
         ["全社会研究与试验发展经费支出占地区生产总值比重", "%", "3.5", "3.62"]]
CLOSING = "各位代表,我们将坚定信心、真抓实干,全面完成2024年各项目标任务。"



def _add_table(d, rows: list[list[str]]) -> None:
    """A Word table holding ``rows`` (the first row its header)."""
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell

def report_txt() -> bytes:
    rows = ["| " + " | ".join(r) + " |" for r in TABLE]
    return "\n".join([TITLE, DATE, *PARAGRAPHS, *rows, CLOSING, ""]).encode("utf-8")


def report_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph(DATE)
    for p in PARAGRAPHS:
        d.add_paragraph(p)
    _add_table(d, TABLE)
    d.add_paragraph(CLOSING)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def report_pdf() -> bytes:
    """The report laid out on A4 pages: wrapped, indented paragraphs, a ruled table, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK")
    head = ParagraphStyle("head", fontName=font, fontSize=15, leading=22, wordWrap="CJK")
    story = [Paragraph(TITLE, head), Paragraph(DATE, body), Spacer(1, 6)]
    story += [Paragraph(p, body) for p in PARAGRAPHS]
    table = Table([[Paragraph(c, ParagraphStyle("c", fontName=font, fontSize=10, leading=13, wordWrap="CJK"))
                    for c in r] for r in TABLE], colWidths=[190, 50, 80, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [table, Spacer(1, 6), Paragraph(CLOSING, body)]

    def page_number(canvas, doc):
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()


def report_html() -> bytes:
    paras = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in PARAGRAPHS)
    rows = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in TABLE)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{TITLE}_计划总结_临平区人民政府门户网站</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/bs">办事服务</a> <a href="/hd">互动交流</a></div>
<nav class="menu"><ul><li><a href="/">网站首页</a></li><li><a href="/jg">机构概况</a></li><li><a href="/zc">政策文件</a></li>
<li><a href="/gh">发展规划</a></li><li><a href="/tj">统计数据</a></li></ul></nav>
<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/gh">计划总结</a></div>
<div class="main"><div class="article">
<h1>{TITLE}</h1>
<div class="info">发布日期:2024-01-15 信息来源:区发改局 浏览次数:321</div>
<div id="zoom">
<p>{DATE}</p>
{paras}
<table border="1" cellspacing="0">{rows}</table>
<p>\u3000\u3000{CLOSING}</p>
</div>
<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">临平区2022年计划执行情况</a></li><li><a href="/b">区政府工作报告</a></li></ul></div>
<footer class="footer">主办单位:杭州市临平区人民政府办公室 承办:区大数据中心 浙ICP备12345678号 网站标识码3301130000
<a href="/map">网站地图</a> <a href="/lx">联系我们</a></footer>
</body></html>""".encode("utf-8")


def encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    font = _cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret-password")
    c.setFont(font, 12)
    c.drawString(72, 700, TITLE)
    c.save()
    return buf.getvalue()


def scanned_pdf(tmp: Path) -> bytes:
    """Two pages that are images (as a scanner makes) with only a stamp as text."""
    from PIL import Image, ImageDraw
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(img).rectangle([60, 60, 540, 120], fill=0)
    png = tmp / "scan.png"
    img.save(png)
    font = _cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in (1, 2):
        c.drawImage(str(png), 0, 0, 595, 842)
        c.setFont(font, 9)
        c.drawString(72, 400, f"归档扫描件 A-{page}")   # a stamp on the scan: its only text
        c.showPage()
    c.save()
    return buf.getvalue()


def damaged_docx() -> bytes:
    """A .docx cut off halfway (as a failed download leaves it)."""
    data = report_docx()
    return data[: len(data) // 2]


def empty_web_page() -> bytes:
    return ("<html><head><title>临平区人民政府门户网站</title></head><body><nav><a href='/'>首页</a>"
            "<a href='/zwgk'>政务公开</a></nav><div class='crumb'>当前位置:首页 &gt; 政务公开</div>"
            "<div class='footer'>主办单位:临平区人民政府办公室 浙ICP备12345678号</div></body></html>").encode("utf-8")


# --------------------------------------------------------------------------- any .txt report in other formats
def text_blocks(text: str) -> list[tuple[str, object]]:
    """A .txt report as ("p", line) and ("table", rows of cells) blocks (runs of pipe rows are tables)."""
    out, table = [], []
    for ln in text.splitlines():
        if ln.count("|") >= 2:
            table.append([c.strip() for c in ln.strip().strip("|").split("|")])
            continue
        if table:
            out.append(("table", table))
            table = []
        if ln.strip():
            out.append(("p", ln.strip()))
    if table:
        out.append(("table", table))
    return out


def blocks_docx(blocks) -> bytes:
    import docx

    d = docx.Document()
    for kind, x in blocks:
        if kind == "p":
            d.add_paragraph(x)
            continue
        t = d.add_table(rows=len(x), cols=max(len(r) for r in x))
        for i, r in enumerate(x):
            for j, c in enumerate(r):
                t.cell(i, j).text = c
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def blocks_html(blocks) -> bytes:
    import html

    parts = []
    for kind, x in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(x)}</p>")
        else:
            parts.append("<table border=1>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r)
                                                       + "</tr>" for r in x) + "</table>")
    return (f"<html><head><meta charset=utf-8><title>{html.escape(blocks[0][1])}_某区人民政府门户网站</title></head>"
            f"<body><nav><a href=/>首页</a><a href=/a>政务公开</a></nav><div class=crumb>当前位置:首页 &gt; 政务公开</div>"
            f"<div class=article><div id=zoom>{''.join(parts)}</div><div class=share>分享到:<a>微信</a> "
            f"<a>【打印本页】</a></div></div><div class=footer>主办单位:某区人民政府办公室</div></body></html>").encode("utf-8")


def blocks_pdf(blocks) -> bytes:
    import html

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _cjk_font()
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=16, firstLineIndent=21, wordWrap="CJK")
    small = ParagraphStyle("c", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    story = []
    for kind, x in blocks:
        if kind == "p":
            story.append(Paragraph(html.escape(x), body))
            continue
        w = max(len(r) for r in x)
        t = Table([[Paragraph(html.escape(c), small) for c in r] + [""] * (w - len(r)) for r in x],
                  colWidths=[(A4[0] - 144) / w] * w)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black)]))
        story += [t, Spacer(1, 4)]

    def page_furniture(canvas, doc):   # a page number, and a running header at the top of every page
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 28, f"- {doc.page} -")
        canvas.drawString(72, A4[1] - 40, f"某区人民政府公报 2024年第{doc.page + 2}期")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story, onFirstPage=page_furniture, onLaterPages=page_furniture)
    return buf.getvalue()


def numbered_docx() -> bytes:
    """The report as Word with automatic numbering for its two headings (一、 二、: Chinese counting),
    the heading text itself without the number, and a second level (（一）) under the first."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>')
    nums = numbering.findall(abstract.tag.replace("abstractNum", "num"))
    numbering.insert(numbering.index(nums[0]) if nums else len(numbering), abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    d.add_paragraph(TITLE)
    d.add_paragraph(DATE)
    for p in PARAGRAPHS:
        if p[:2] in ("一、", "二、"):
            numbered(p[2:], 0)
        else:
            d.add_paragraph(p)
    numbered("主要指标完成情况", 1)
    _add_table(d, TABLE)
    d.add_paragraph(CLOSING)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
