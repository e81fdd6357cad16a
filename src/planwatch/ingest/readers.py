"""Read a plan document from disk into text: txt, md, html, docx and pdf.

Every reader returns one :class:`~planwatch.models.SourceDocument` whose ``text`` is what
the rest of the system parses and shows; line numbers everywhere refer to that text.
Nothing is silently dropped: undecodable bytes are an error, not a replacement character.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from planwatch.bounded import run_bounded
from planwatch.errors import InputError
from planwatch.limits import LimitError, check_package, current
from planwatch.models import SourceDocument

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
# Control characters other than tab/newline/carriage return/form feed mark binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_document(path: str | Path, *, max_bytes: int | None = None) -> SourceDocument:
    """Read ``path`` with the reader its extension names.

    Real plans are well under 1 MB: a file over ``max_bytes`` (default: the ``file_bytes``
    limit) is refused before it is read. DOCX and PDF are unpacked in a child process with a
    memory and time budget (:mod:`planwatch.bounded`).
    """
    path = Path(path)
    limits = current()
    max_bytes = max_bytes or limits.file_bytes
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(FORMATS))
        raise InputError(f"不支持的文件类型 {path.suffix or '（无扩展名）'!r}：请提供 {supported} 格式的文件", path=name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitError(f"文件过大：{size / 1e6:.1f} MB（上限 {max_bytes / 1e6:.1f} MB）", path=name)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", path=name) from exc
    if not data:
        raise InputError("文件为空：没有可读取的内容", path=name)
    if fmt in ("txt", "md"):
        text, encoding = decode_text(data, name)
        if fmt == "txt":  # Markdown opens with a tag often (<div align="center">, a comment): its outline is not a page's
            text = html_source_as_text(text)
    elif fmt == "html":
        raw, encoding = decode_text(data, name)
        text = html_to_text(raw)
    elif fmt == "docx":
        check_package(path, limits, "DOCX")
        text, encoding = run_bounded(docx_to_text, path, limits=limits, what=name), None
    else:
        text, encoding = run_bounded(pdf_to_text, path, limits.pdf_pages, limits=limits, what=name), None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("文件中没有文字：请确认不是空白文档或只含图片", path=name)
    return SourceDocument(
        path=name,
        format=fmt,
        encoding=encoding,
        text=text,
        checksum=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def decode_text(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030.

    Returns ``(text, encoding)``. Raises :class:`InputError` naming the line of the first
    byte that fits no supported encoding, or saying the data is binary.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_not_binary(data.decode(encoding), path), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"第 {exc.start} 字节起不是有效的 {encoding} 编码：请以 UTF-8 另存后重试", path=path) from exc
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("这是二进制文件（含 NUL 字节），不是文本文档：请提供 txt、Markdown、HTML、Word 或 PDF 格式的文件", path=path, line=line)
    try:
        return _check_not_binary(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError as utf8_error:
        bad_line = data[: utf8_error.start].count(b"\n") + 1
        reason = f"无法解码：字节 0x{data[utf8_error.start]:02x} 不是有效的 UTF-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        gb_line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{reason}，也不是有效的 GB18030（第 {gb_line} 行）：请以 UTF-8 另存后重试", path=path, line=bad_line) from exc
    if _looks_like_text(text):
        return _check_not_binary(text, path), "gb18030"
    raise InputError(f"{reason}，按 GB18030 解码也不像文本：请以 UTF-8 另存后重试", path=path, line=bad_line)


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes many random byte strings; real Chinese text is mostly CJK and ASCII."""
    sample = text[:20000]
    if not sample:
        return False
    plausible = sum(
        1
        for ch in sample
        if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…•·"
    )
    return plausible / len(sample) > 0.9


def _check_not_binary(text: str, path: str) -> str:
    match = _CONTROL.search(text)
    if match and len(_CONTROL.findall(text[:20000])) > 3:
        line = text[: match.start()].count("\n") + 1
        raise InputError("这是二进制数据（含控制字符），不是文本文档：请提供 txt、Markdown、HTML、Word 或 PDF 格式的文件", path=path, line=line)
    return text


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "ul",
        "title",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


_OPENS_WITH_TAG_RE = re.compile(r"\s*<[a-zA-Z!]")
_HTML_TABLE_RE = re.compile(r"<table\b[^>]*>.*?<td\b", re.IGNORECASE | re.DOTALL)


def html_source_as_text(text: str) -> str:
    """A web page's source saved as text (it opens with a tag and holds table markup, <table>…<td><div>46.3</div></td>) is
    read as the page: its tables become rows of cells, as an .html file's do. Text with a tag inside stays as written."""
    return html_to_text(text) if _OPENS_WITH_TAG_RE.match(text) and _HTML_TABLE_RE.search(text) else text


def html_to_text(html: str) -> str:
    """Text of an HTML page: one line per block element, table rows as tab-separated cells.

    Walks the tree iteratively, so deeply nested markup cannot exhaust the stack.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=True))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"无法解析 HTML：{exc}") from exc
    lines: list[str] = []
    buffer: list[str] = []
    spans: dict[object, dict[int, tuple[str, int]]] = {}  # per table: column → (text, rows still spanned)

    def flush() -> None:
        text = re.sub(r"[ \t\r\n\f]+", " ", "".join(buffer)).strip()
        if text:
            lines.append(text)
        buffer.clear()

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS or not tag:
                walker.skip_subtree()
                if element.tail:
                    buffer.append(element.tail)
                continue
            if tag == "tr":
                flush()
                lines.append("\t".join(_row_cells(element, spans.setdefault(_table_of(element), {}))))
                walker.skip_subtree()
                if element.tail:
                    buffer.append(element.tail)
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                flush()
            if element.text:
                buffer.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if element.tail and element is not root:
                buffer.append(element.tail)
    flush()
    text = "\n".join(lines)
    _check_nothing_lost(html, text)
    return text


_MAX_COLSPAN = 50
_MAX_ROWSPAN = 1000


def _span(cell: Any, attribute: str, limit: int) -> int:
    value = str(cell.get(attribute) or "1").strip()
    return min(int(value), limit) if value.isdigit() and int(value) > 0 else 1


def _table_of(row: Any) -> object:
    parent = row.getparent()
    while parent is not None and not (isinstance(parent.tag, str) and parent.tag.lower() == "table"):
        parent = parent.getparent()
    return parent if parent is not None else row


def _row_cells(row: Any, spans: dict[int, tuple[str, int]]) -> list[str]:
    """The cells of a table row in their grid columns: a ``rowspan`` cell (a merged 领域) is repeated in the rows
    it spans, a ``colspan`` cell is followed by empty cells, so every value stays under its header."""
    cells: list[str] = []
    below: dict[int, tuple[str, int]] = {}

    def fill_spanned() -> None:
        while len(cells) in spans:
            text, left = spans.pop(len(cells))
            if left > 1:
                below[len(cells)] = (text, left - 1)
            cells.append(text)

    for cell in row:
        if not (isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")):
            continue
        fill_spanned()
        text = re.sub(r"\s+", " ", cell.text_content()).strip()
        rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
        for offset in range(_span(cell, "colspan", _MAX_COLSPAN)):
            if rowspan > 1:
                below[len(cells)] = (text if offset == 0 else "", rowspan - 1)
            cells.append(text if offset == 0 else "")
    fill_spanned()
    # Spanned columns this row did not reach (it has fewer cells) still count the row.
    below.update({column: (text, left - 1) for column, (text, left) in spans.items() if left > 1})
    spans.clear()
    spans.update(below)
    return cells


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_TEXT = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)


def _check_nothing_lost(html: str, text: str) -> None:
    """libxml2 drops what lies deeper than its nesting limit; refuse rather than lose text silently."""
    expected = len(_CJK.findall(_NOT_TEXT.sub("", html)))
    kept = len(_CJK.findall(text))
    if expected and kept < expected / 2:
        raise InputError(f"HTML 嵌套过深：解析只保留了 {expected} 个汉字中的 {kept} 个；请简化网页结构或另存为纯文本后重试")


def docx_to_text(path: Path) -> str:
    """Paragraphs and tables of a Word document in body order; a table row per line, cells tab-separated."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"无法读取的 DOCX 文件（{exc.__class__.__name__}: {exc}）：请用 Word 另存后重试", path=str(path)) from exc
    except MemoryError:
        raise
    except Exception as exc:  # python-docx raises several lxml/opc errors for damaged packages
        raise InputError(f"无法读取的 DOCX 文件（{exc.__class__.__name__}: {exc}）：请用 Word 另存后重试", path=str(path)) from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(DocxParagraph(child, document).text)
        elif tag == "tbl":
            for row in DocxTable(child, document).rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # A merged cell is reported once per grid column it spans (the same element each
                    # time): its text once, then empty cells, so the cells after it stay under their
                    # headers; two cells that merely hold the same text (100 | 100) are both kept.
                    cells.append("" if cell._tc is previous else cell.text.replace("\n", " ").strip())
                    previous = cell._tc
                lines.append("\t".join(cells))
    return "\n".join(lines)


def pdf_to_text(path: Path, max_pages: int) -> str:
    """The text layer of a PDF, page by page. An image-only or encrypted PDF, or one of more than
    ``max_pages`` pages (counted from its page tree before any page is read), is an error."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import resolve1

    encrypted = InputError("PDF 文件已加密：请先去除密码（或另存为未加密的 PDF）再导入", path=str(path))
    pages: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            count = resolve1(resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count", 0)
            if isinstance(count, int) and count > max_pages:
                raise LimitError(f"PDF 共 {count} 页，超过上限 {max_pages} 页", path=str(path))
            for number, page in enumerate(pdf.pages, start=1):
                if number > max_pages:
                    raise LimitError(f"PDF 超过 {max_pages} 页的上限", path=str(path))
                pages.append(page.extract_text() or "")
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise encrypted from exc
    except PDFSyntaxError as exc:
        raise InputError(f"无法读取的 PDF 文件（{exc}）：请重新导出 PDF 后重试", path=str(path)) from exc
    except Exception as exc:  # pdfminer signals damaged files with assorted exception types
        cause = exc.__cause__ or exc.__context__ or exc  # pdfplumber wraps pdfminer's errors
        if isinstance(cause, MemoryError):  # a stream bomb: the bounded child reports the limit
            raise cause from exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(cause).lower() or "encrypt" in str(cause).lower():
            raise encrypted from exc
        raise InputError(f"PDF 文件已损坏（{cause.__class__.__name__}: {cause}）：请重新导出 PDF 后重试", path=str(path)) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise InputError("PDF 没有文字层（可能是扫描图片）：请先做文字识别（OCR）再导入", path=str(path))
    return text
