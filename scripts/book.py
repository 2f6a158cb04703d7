"""The board book (issue 21): one PDF per meeting and set of readers, composed in the PDF engine's
worker (`render_pdf.py --serve`, which hands a JSON request here), with WeasyPrint and pikepdf.

    {"op": "book", "html": …, "out": path, "title": …, "items": [{"anchor", "title", "confidential",
      "attachments": [{"name", "path" (a PDF, or null when the file cannot be shown)}]}]}
    {"op": "stamp", "in": path, "out": path, "name": …, "pages": [1-based page numbers]}

"book": the book's own pages (cover, agenda, each item's text) come from the HTML, rendered by
WeasyPrint like every other document. The agenda's page numbers are placeholders
(`<span class="book-page" data-ref="punkt-3">`, `data-ref="punkt-3/1"` for an item's first
attachment) filled in a second render, once the first has shown where each item begins and the
attachments' page counts are known. Then each item's attachments (PDFs: uploaded, or made by
LibreOffice from DOCX/XLSX/ODT by the extraction job) are put after the item's pages, one bookmark
per item (the attachments beneath it), and every page gets "Side n af N" at its foot and, when it
belongs to a confidential item, "Fortroligt" at its head (marked as artifacts). The answer says how
many pages there are and which are confidential.

"stamp": the reader's name across each confidential page (a light diagonal watermark), per request:
the stored book is the same for every reader who sees the same items.
"""
import io
import os
import re

PLACEHOLDER = re.compile(r'<span class="book-page" data-ref="([^"]+)">[^<]*</span>')


def operation(request, static_dir):
    if request.get("op") == "book":
        return build(request, static_dir)
    if request.get("op") == "stamp":
        return stamp(request)
    raise ValueError(f"unknown operation: {request.get('op')!r}")


def _render(html, static_dir):
    import weasyprint

    from render_pdf import fast_svg_text, static_fetcher

    fast_svg_text()
    base = "file://" + os.path.realpath(static_dir) + "/"
    return weasyprint.HTML(string=html, base_url=base, url_fetcher=static_fetcher(static_dir)).render()


def _anchor_pages(document):
    """The 0-based page each anchor (an element's id) is on."""
    pages = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, index)
    return pages


def _fill(html, numbers):
    return PLACEHOLDER.sub(lambda m: f'<span class="book-page" data-ref="{m.group(1)}">{numbers.get(m.group(1), "")}</span>', html)


def build(request, static_dir):
    import pikepdf

    from render_pdf import finish

    items = request["items"]
    # The attachments' PDFs, opened once; one that pikepdf cannot open is left out (and said so).
    opened = []
    for item in items:
        for attachment in item["attachments"]:
            attachment["pdf"] = None
            if attachment.get("path"):
                try:
                    attachment["pdf"] = pikepdf.open(attachment["path"])
                    opened.append(attachment["pdf"])
                except Exception as error:  # a broken upload is not the book's failure
                    attachment["error"] = str(error)[:200]
            attachment["pages"] = len(attachment["pdf"].pages) if attachment["pdf"] is not None else 0

    html = request["html"]
    numbers = {}
    starts = {}
    document = None
    # Twice at most: the numbers are filled in after the first render; a second only if they moved
    # an item to another page (an agenda longer by a page).
    for _ in range(3):
        document = _render(_fill(html, numbers), static_dir)
        anchors = _anchor_pages(document)
        starts = {item["anchor"]: anchors.get(item["anchor"]) for item in items}
        fresh = {}
        added = 0
        for item in items:
            start = starts[item["anchor"]]
            if start is None:
                continue
            fresh[item["anchor"]] = start + added + 1
            own_end = _own_end(item, items, starts, len(document.pages))
            after = own_end + added + 1  # 0-based index of the first page after the item's own
            for j, attachment in enumerate(item["attachments"], 1):
                if attachment["pages"]:
                    fresh[f"{item['anchor']}/{j}"] = after + 1
                    after += attachment["pages"]
            added += sum(a["pages"] for a in item["attachments"])
        if fresh == numbers:
            break
        numbers = fresh

    own = pikepdf.open(io.BytesIO(finish(document.write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True))))
    own_count = len(own.pages)
    # Which of the own pages belong to which item (the cover and the agenda to none).
    owner = [None] * own_count
    for item in items:
        start = starts[item["anchor"]]
        if start is None:
            continue
        for index in range(start, _own_end(item, items, starts, own_count) + 1):
            owner[index] = item

    # The own pages keep their structure tree: the attachments' pages are inserted into it.
    out = own
    confidential = []
    bookmarks = []
    pages_after = []  # (insert after own page index, attachment) in order
    for item in items:
        start = starts[item["anchor"]]
        if start is None:
            continue
        pages_after.append((_own_end(item, items, starts, own_count), item))
    # Insert from the last item backwards so the earlier indexes stay valid.
    for end, item in reversed(pages_after):
        at = end + 1
        for attachment in item["attachments"]:
            if attachment["pdf"] is None:
                continue
            for page in attachment["pdf"].pages:
                out.pages.insert(at, page)
                inserted = out.pages[at]
                if "/StructParents" in inserted.obj:
                    del inserted.obj["/StructParents"]
                if "/Annots" in inserted.obj:
                    del inserted.obj["/Annots"]  # links into a file that is not here any more
                at += 1

    # Final positions, item by item.
    total = len(out.pages)
    for item in items:
        start = starts[item["anchor"]]
        if start is None:
            continue
        first = numbers[item["anchor"]] - 1
        last = first + (_own_end(item, items, starts, own_count) - start) + sum(a["pages"] for a in item["attachments"])
        children = []
        for j, attachment in enumerate(item["attachments"], 1):
            if attachment["pages"]:
                children.append((attachment["name"], numbers[f"{item['anchor']}/{j}"] - 1))
        bookmarks.append((item["title"], first, children))
        if item.get("confidential"):
            confidential.extend(range(first + 1, last + 2))

    with out.open_outline() as outline:
        outline.root.clear()
        outline.root.append(pikepdf.OutlineItem("Forside og dagsorden", 0))
        for title, page, children in bookmarks:
            entry = pikepdf.OutlineItem(title, page)
            for name, child_page in children:
                entry.children.append(pikepdf.OutlineItem(name, child_page))
            outline.root.append(entry)
    out.Root.PageMode = pikepdf.Name.UseOutlines

    font = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding)
    )
    confidential_set = set(confidential)
    for index, page in enumerate(out.pages):
        number = index + 1
        texts = [(f"Side {number} af {total}", "foot")]
        if number in confidential_set:
            texts.append(("Fortroligt", "head"))
        _overlay(out, page, font, texts)

    # The merged whole is no longer the archivable PDF/A the engine writes (the attachments are
    # not ours, nor is the stamp's font embedded): the claims go, the title stays.
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
            if key in meta:
                del meta[key]
        meta["dc:title"] = request.get("title", "Mødebog")
    out.docinfo["/Title"] = request.get("title", "Mødebog")
    if "/OutputIntents" in out.Root:
        del out.Root["/OutputIntents"]
    out.save(request["out"], fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for pdf in opened:
        pdf.close()
    return {
        "pages": total,
        "confidential": confidential,
        "items": [{"anchor": item["anchor"], "page": numbers.get(item["anchor"])} for item in items],
        "unreadable": [a["name"] for item in items for a in item["attachments"] if a.get("path") and a["pdf"] is None],
    }


def _own_end(item, items, starts, count):
    """The 0-based index of the last of the item's own pages: the page before the next item's."""
    start = starts[item["anchor"]]
    following = [starts[other["anchor"]] for other in items if starts[other["anchor"]] is not None and starts[other["anchor"]] > start]
    return (min(following) - 1) if following else count - 1


def _escape(text):
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _box(page):
    box = [float(v) for v in page.obj.get("/CropBox", page.mediabox)]
    return box[0], box[1], box[2], box[3]


def _overlay(pdf, page, font, texts):
    import pikepdf

    name = page.add_resource(font, pikepdf.Name.Font, pikepdf.Name("/BookF1"), replace_existing=True)
    x0, y0, x1, y1 = _box(page)
    stream = b""
    for text, where in texts:
        size = 9 if where == "foot" else 10
        width = len(text) * size * 0.5
        tx = (x0 + x1) / 2 - width / 2
        ty = (y1 - 22) if where == "head" else (y0 + 14)
        matrix = f"1 0 0 1 {tx:.2f} {ty:.2f}"
        stream += (
            b"/Artifact <</Type /Pagination>> BDC q 0 g BT "
            + f"{name} {size} Tf {matrix} Tm (".encode()
            + _escape(text)
            + b") Tj ET Q EMC\n"
        )
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q\n" + stream))


def stamp(request):
    import pikepdf

    pdf = pikepdf.open(request["in"])
    wanted = set(request.get("pages", []))
    name = request["name"]
    if wanted:
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding
            )
        )
        state = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.18, CA=0.18))
        for index, page in enumerate(pdf.pages):
            if index + 1 not in wanted:
                continue
            font_name = page.add_resource(font, pikepdf.Name.Font, pikepdf.Name("/BookF2"), replace_existing=True)
            state_name = page.add_resource(state, pikepdf.Name.ExtGState, pikepdf.Name("/BookG1"), replace_existing=True)
            x0, y0, x1, y1 = _box(page)
            size = 36
            width = len(name) * size * 0.5
            # Diagonal through the page's middle.
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            cos = sin = 0.7071
            tx = cx - cos * width / 2
            ty = cy - sin * width / 2
            stream = (
                b"/Artifact <</Type /Background>> BDC q "
                + f"{state_name} gs 0.5 0 0 rg BT {font_name} {size} Tf {cos} {sin} {-sin} {cos} {tx:.2f} {ty:.2f} Tm (".encode()
                + _escape(name)
                + b") Tj ET Q EMC\n"
            )
            # And once more, level at the head's left, where it reads as a line of text.
            stream += (
                b"/Artifact <</Type /Pagination>> BDC q 0 g BT "
                + f"{font_name} 8 Tf 1 0 0 1 {x0 + 28:.2f} {y1 - 22:.2f} Tm (".encode()
                + _escape("Udleveret til " + name)
                + b") Tj ET Q EMC\n"
            )
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(pdf, b"Q\n" + stream))
    pdf.save(request["out"], object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return {"pages": len(pdf.pages), "stamped": sorted(wanted)}
