"""Reports written apart from planbook, in every format it reads: their facts against those of the .txt.

For each .txt report in FOLDER (the first --limit), written under --work (keep it outside the project:
the reports' text must not enter the repository):

    docx     python-docx: the title as a heading, justified indented paragraphs, pipe rows as Word
             tables, a running header and page numbers
    lo.docx  LibreOffice (soffice --headless --convert-to docx) from the report as a plain HTML page
    pdf      LibreOffice's PDF of the python-docx file
    lo.pdf   LibreOffice's PDF of its own .docx
    html     a government web page: navigation, breadcrumbs, the report, share/print links, a footer
    lo.html  LibreOffice's own HTML export of its .docx

Every file is added with ``planbook add`` to a scratch project (a copy of this project's catalogs
only), the scratch project is ingested, and the facts of each file (value, region, year, measure,
status, label) are compared with those of its .txt. Printed: per format, facts equal / facts of the
.txt (and facts the format adds); with --show, each difference. Without LibreOffice only the
python-docx and web-page formats are made.

    .venv/bin/python tools/compare_formats.py /work/realeval/docs --work /tmp/fmt_real --limit 10 --show
"""
from __future__ import annotations

import argparse
import html
import io
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACT = ["value", "region", "year", "measure", "status", "indicator"]
FORMATS = ["docx", "lo.docx", "pdf", "lo.pdf", "html", "lo.html"]


def blocks(text: str) -> list[tuple[str, object]]:
    """The report as ("p", line) and ("table", rows of cells) blocks; a run of lines with two or
    more bars is a table (rows padded to its widest row, as a word processor's table is)."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for ln in text.splitlines() + [""]:
        if ln.count("|") >= 2:
            table.append([c.strip() for c in ln.strip().strip("|").split("|")])
            continue
        if table:
            width = max(len(r) for r in table)
            out.append(("table", [r + [""] * (width - len(r)) for r in table]))
            table = []
        if ln.strip():
            out.append(("p", ln.strip()))
    return out


def make_docx(parts: list[tuple[str, object]]) -> bytes:
    """As an office writes a report: justified paragraphs with a two-character indent, a running
    header and a page number (— 1 —) in the footer, tables with borders."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "政府信息公开"   # no place or year: the text names its own
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    first = True
    for kind, x in parts:
        if kind == "table":
            t = d.add_table(rows=len(x), cols=len(x[0]))
            t.style = "Table Grid"
            for i, row in enumerate(x):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        elif first:
            d.add_heading(x, level=1)
        else:
            p = d.add_paragraph(x)
            p.paragraph_format.first_line_indent = Pt(21)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        first = False
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _body_html(parts: list[tuple[str, object]]) -> str:
    out = []
    for i, (kind, x) in enumerate(parts):
        if kind == "table":
            out.append('<table border="1" cellspacing="0" cellpadding="4">' + "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in x) + "</table>")
        elif i == 0:
            out.append(f"<h1>{html.escape(x)}</h1>")
        else:
            out.append(f"<p>\u3000\u3000{html.escape(x)}</p>")
    return "\n".join(out)


def plain_html(parts) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(parts[0][1])}</title></head>'
            f"<body>{_body_html(parts)}</body></html>").encode("utf-8")


def government_page(parts) -> bytes:
    """The report as a government site shows it: top links, a menu, breadcrumbs, the article with
    its date (the first date the report writes, none when it writes none: an invented date would
    change its figures' status) and source line, share and print links, related links and a footer."""
    title = html.escape(parts[0][1])
    body = _body_html(parts[1:])
    m = re.search(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", "\n".join(str(x) for _, x in parts))
    date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""
    meta = f'<meta name="PubDate" content="{date} 09:30">' if date else ""
    shown = f"<span>发布日期:{date}</span> " if date else ""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
{meta}<title>{title}_政务公开_某市人民政府门户网站</title>
<script>var _hmt = _hmt || [];</script><link rel="stylesheet" href="/css/main.css"></head><body>
<div class="top-bar"><span>今天是:2024年2月20日 星期二</span> <a href="/">无障碍</a> <a href="/en">English</a> <a href="/login">登录</a></div>
<div id="header"><div class="logo"><img src="/logo.png" alt="某市人民政府"></div>
<form class="search" action="/search"><input name="q"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/zjmc">走进本市</a></li></ul></div>
<div class="position">您当前的位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/ghjh">规划计划</a> &gt; 正文</div>
<div class="container"><div class="left-side"><h3>政务公开</h3><ul><li><a href="/a">政府文件</a></li><li><a href="/b">规划计划</a></li>
<li><a href="/c">统计信息</a></li><li><a href="/d">财政资金</a></li></ul></div>
<div class="article"><div class="title">{title}</div>
<div class="info">{shown}<span>来源:市发展和改革委员会</span> <span>浏览次数:1024</span>
<span>字号:[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</span></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="bdsharebuttonbox">分享到:<a href="#" class="bds_weixin">微信</a> <a href="#" class="bds_tsina">微博</a> <a href="#" class="bds_qzone">QQ空间</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="xglj"><h4>相关阅读</h4><ul><li><a href="/x1">关于印发某市2024年重点工作的通知</a></li>
<li><a href="/x2">某市2023年国民经济和社会发展统计公报</a></li></ul></div></div></div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
<p>主办单位:某市人民政府办公厅 承办单位:某市大数据发展管理局</p><p>网站标识码:3301000000 浙ICP备05000000号-1 浙公网安备 33010002000000号</p></div>
</body></html>""".encode("utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(exe: str, to: str, files: list[Path], outdir: Path, profile: Path, infilter: str | None = None) -> None:
    """One LibreOffice run converting ``files`` into ``outdir`` (a private profile: no clash with
    another LibreOffice running)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    cmd += [f"--infilter={infilter}"] if infilter else []
    cmd += ["--convert-to", to, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)


def make_files(sources: list[Path], work: Path) -> dict[str, dict[str, Path]]:
    """Every format of every report, written under ``work``: stem -> format -> file."""
    made: dict[str, dict[str, Path]] = {}
    plain = work / "plain"
    for folder in ("docx", "html", "plain"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    for src in sources:
        parts = blocks(src.read_text(encoding="utf-8"))
        files = {"txt": src, "docx": work / "docx" / f"{src.stem}.docx", "html": work / "html" / f"{src.stem}.html"}
        files["docx"].write_bytes(make_docx(parts))
        files["html"].write_bytes(government_page(parts))
        (plain / f"{src.stem}.html").write_bytes(plain_html(parts))
        made[src.stem] = files
    exe = soffice()
    if exe:
        profile = work / "lo_profile"
        stems = list(made)
        _convert(exe, "docx:MS Word 2007 XML", [plain / f"{s}.html" for s in stems], work / "lo_docx", profile,
                 infilter="HTML (StarWriter)")
        _convert(exe, "pdf:writer_pdf_Export", [made[s]["docx"] for s in stems], work / "pdf", profile)
        _convert(exe, "pdf:writer_pdf_Export", [work / "lo_docx" / f"{s}.docx" for s in stems], work / "lo_pdf", profile)
        _convert(exe, "html:HTML (StarWriter)", [work / "lo_docx" / f"{s}.docx" for s in stems], work / "lo_html", profile)
        for s in stems:
            for fmt, folder, ext in (("lo.docx", "lo_docx", "docx"), ("pdf", "pdf", "pdf"), ("lo.pdf", "lo_pdf", "pdf"),
                                     ("lo.html", "lo_html", "html")):
                made[s][fmt] = work / folder / f"{s}.{ext}"
    return made


def _facts(table) -> Counter:
    """The facts of one file as a multiset of (value, region, year, measure, status, label)."""
    if table is None or not len(table):
        return Counter()
    rows = table[FACT].astype(object).where(table[FACT].notna(), None).itertuples(index=False, name=None)
    return Counter(tuple("" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in r) for r in rows)


def compare(made: dict[str, dict[str, Path]], work: Path, show: bool) -> dict[str, tuple[int, int, int]]:
    """Add every file to a scratch project under ``work``, ingest it, compare each format with the
    .txt: format -> (facts equal, facts of the .txt, facts only in the format)."""
    home = work / "project"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(ROOT / "data" / "catalog", home / "data" / "catalog")
    (home / "data" / "raw").mkdir(parents=True)
    os.environ["PLANBOOK_HOME"] = str(home)
    from planbook.add import add_files
    from planbook.ingest import ingest

    files = [f for by in made.values() for f in by.values()]
    added, errors = add_files(files)
    for e in errors:
        print(f"未添加 / not added: {e}")
    name_of = {Path(prep.source).resolve(): row["file"] for prep, row in added}
    res = ingest(write=False, cache=False)
    by_doc = dict(tuple(res.indicators.groupby("doc_id")))
    tables = {d.file: by_doc.get(d.doc_id) for d in res.documents}
    totals: dict[str, list[int]] = {}
    for stem, by in made.items():
        txt = _facts(tables.get(name_of.get(by["txt"].resolve())))
        for fmt, path in by.items():
            if fmt == "txt":
                continue
            got = _facts(tables.get(name_of.get(path.resolve())))
            same, missing, extra = txt & got, txt - got, got - txt
            t = totals.setdefault(fmt, [0, 0, 0])
            t[0] += sum(same.values())
            t[1] += sum(txt.values())
            t[2] += sum(extra.values())
            if show and (missing or extra):
                print(f"{stem}.{fmt}: 缺 missing {sorted(missing.elements())} 多 extra {sorted(extra.elements())}")
    return {k: tuple(v) for k, v in totals.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder of .txt reports")
    ap.add_argument("--work", type=Path, default=Path("/tmp/planbook_formats"), help="where the files are made")
    ap.add_argument("--limit", type=int, default=10, help="how many reports (default 10)")
    ap.add_argument("--show", action="store_true", help="print each difference")
    args = ap.parse_args(argv)
    if args.work.resolve().is_relative_to(ROOT):
        print("--work 必须在项目之外 / --work must be outside the project", file=sys.stderr)
        return 2
    sources = sorted(args.folder.glob("*.txt"))[: args.limit]
    made = make_files(sources, args.work)
    result = compare(made, args.work, args.show)
    print(f"{'format':<8} {'equal':>6} {'of':>4} {'extra':>6}   ({len(sources)} reports from {args.folder})")
    for fmt in FORMATS:
        if fmt in result:
            same, total, extra = result[fmt]
            print(f"{fmt:<8} {same:>6} {total:>4} {extra:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
