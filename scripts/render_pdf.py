#!/usr/bin/env python3
"""Turns one of the portal's documents (the print HTML of a letter or an annual report, on stdin)
into a tagged, archivable PDF (on stdout), with WeasyPrint and pikepdf from PyPI.

    python3 scripts/render_pdf.py --static Public < letter.html > letter.pdf
    python3 scripts/render_pdf.py --static Public --serve   one document after another (the app's worker)
    python3 scripts/render_pdf.py --version      the engine's name, for the cache's stamp

A request that is a JSON object instead of HTML is one of the board book's operations (`book.py`:
compose a meeting's book from its HTML and its attachments' PDFs, or stamp a reader's name on it).

With --serve it stays up and renders one document per request on stdin, so that WeasyPrint's
import and Pango's first font lookup (about 0.6 s of CPU, half of a letter's render) are paid once
per worker instead of once per document. A request is the HTML's length (4 bytes, big-endian) and
the HTML; the answer is "K" or "E", a length (4 bytes) and the PDF or the error's text. It ends at
the end of its input.

WeasyPrint lays the page out from the same HTML and print stylesheet as the browser's page, tags
it (headings, lists, tables with header cells, figures with the SVG's <title> as alternative text,
/Lang from <html lang>, the title shown by DisplayDocTitle) and writes it as PDF/A-2u: fonts
embedded and subset, full Unicode, an sRGB output intent, XMP metadata. It takes one variant, so
pikepdf then adds what PDF/UA-1 asks beyond that:
  - pdfuaid:part = 1 in the XMP metadata beside pdfaid, so the file claims both;
  - /Scope on every table header cell (WeasyPrint writes /TH without it): Column in a table's
    head, Row in its body (the templates' <th scope="col"> and <th scope="row">).
Only files under --static are read (the stylesheets); nothing is fetched from the network.

WeasyPrint 70 lays out an SVG <text> one letter at a time (a Pango layout and a text object per
letter, for per-letter x/dx/rotate), which made the annual report's Figur 3 (a label and up to four
percentages per project) most of its render: `fast_svg_text` lays out a run of letters that has no
position of its own as one string, and falls back to WeasyPrint's own for what it does not handle.
"""
import argparse
import io
import os
import sys

ENGINE = "weasyprint"


def static_fetcher(static_dir):
    """A URL fetcher that serves files under `static_dir` and refuses every other URL."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = os.path.realpath(static_dir)

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError(f"not fetched: {url}")
            path = os.path.realpath(url[len("file://"):].split("?")[0])
            if not path.startswith(root + os.sep):
                raise ValueError(f"outside the static folder: {url}")
            with open(path, "rb") as f:
                body = f.read()
            kind = "text/css" if path.endswith(".css") else "image/svg+xml" if path.endswith(".svg") else "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return StaticOnly(allowed_protocols=["file"])


def fast_svg_text():
    """Replaces WeasyPrint's SVG text drawing (`weasyprint.svg.text.text`, pinned at 70.0 in
    requirements-pdf.txt) with one that lays out each run of letters as one string: a run starts
    at the text's start and at every letter given an x, y, dx or dy of its own. Texts with rotate,
    letter-spacing or textLength go to WeasyPrint's own, letter by letter. The same glyphs at the
    same places for the charts' labels (kerning inside a run aside), at a fraction of the cost:
    the annual report of the benchmark's 424 projects draws its 2,691 chart labels in 0.6 s
    instead of 2.3 s (CPU)."""
    import importlib
    from math import inf

    import weasyprint.svg as svg_module
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    text_module = importlib.import_module("weasyprint.svg.text")
    if getattr(text_module.text, "fast", False):
        return
    letter_by_letter = text_module.text

    def lengths(node, name, font_size, reference):
        if name not in node.attrib:
            return []
        return [size(i, font_size, reference) for i in normalize(node.attrib[name]).strip().split(" ")]

    def text(svg, node, font_size):
        if (not node.text or "rotate" in node.attrib or node.get("textLength")
                or svg.length(node.get("letter-spacing"), font_size)):
            return letter_by_letter(svg, node, font_size)
        # The style as WeasyPrint's own builds it.
        style = text_module.Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        style["font_size"] = font_size
        if node.get("direction") in ("ltr", "rtl"):
            style["direction"] = node.get("direction")
        weight = node.get("font-weight", 400)
        weight = {"normal": 400, "bold": 700}.get(weight, weight)
        try:
            style["font_weight"] = int(weight)
        except ValueError:
            style["font_weight"] = 400

        xs = lengths(node, "x", font_size, svg.inner_width)
        ys = lengths(node, "y", font_size, svg.inner_height)
        dxs = lengths(node, "dx", font_size, svg.inner_width)
        dys = lengths(node, "dy", font_size, svg.inner_height)
        runs = []
        for i, letter in enumerate(node.text):
            position = [values[i] if i < len(values) else None for values in (xs, ys, dxs, dys)]
            if not runs or any(p is not None for p in position):
                runs.append([position, letter])
            else:
                runs[-1][1] += letter

        # Vertical alignment, as WeasyPrint's own (its height is the whole text's).
        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
        ascent, descent = font_size * 0.8, font_size * 0.2
        display_anchor = node.get("display-anchor")
        alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
        y_align = 0
        if display_anchor == "middle":
            y_align = -height / 2
        elif display_anchor == "bottom":
            y_align = -height
        elif display_anchor == "top":
            pass
        elif alignment_baseline in ("central", "middle"):
            y_align = (ascent + descent) / 2 - descent
        elif alignment_baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
            y_align = ascent
        elif alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
            y_align = -descent

        placed = []
        for (x, y, dx, dy), run in runs:
            if x:
                svg.cursor_d_position[0] = 0
            if y:
                svg.cursor_d_position[1] = 0
            svg.cursor_d_position[0] += dx or 0
            svg.cursor_d_position[1] += dy or 0
            if len(runs) > 1:
                layout, _, _, width, height, baseline = split_first_line(run, style, svg.context, inf, 0)
            x = svg.cursor_position[0] if x is None else x
            y = svg.cursor_position[1] if y is None else y
            svg.cursor_position = x + width, y
            x_position = x + svg.cursor_d_position[0]
            y_position = y + svg.cursor_d_position[1] + y_align
            points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
            node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)
            placed.append((layout, x_position, y_position, x, y, baseline))

        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        emoji_lines = []
        for layout, x_position, y_position, x, y, baseline in placed:
            layout.reactivate(style)
            svg.fill_stroke(fill, stroke, text=True)
            box = text_module.TextBox(layout, style)
            box.baseline = baseline
            emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
            emoji_lines.append((x, y, emojis))
        svg.stream.end_text()
        svg.stream.pop_state()
        for x, y, emojis in emoji_lines:
            draw_emojis(svg.stream, style, x, y, emojis)

    text.fast = True
    # svg/__init__.py compares a node's drawer with the name `text` (for text-anchor), so both go.
    text_module.text = text
    svg_module.text = text
    svg_module.TAGS["text"] = text
    svg_module.TAGS["tspan"] = text


def render(html, static_dir):
    import weasyprint

    fast_svg_text()

    base = "file://" + os.path.realpath(static_dir) + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=static_fetcher(static_dir))
    return document.write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)


def finish(pdf_bytes):
    """PDF/UA-1's identification and table header scopes (see the module's comment)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    # The metadata's other entries stay as WeasyPrint wrote them (pikepdf would otherwise name itself
    # the producer, and PDF/A wants the document information dictionary to agree with the XMP).
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["pdfuaid:part"] = "1"

    def walk(element, in_head):
        tag = element.get("/S")
        if tag == "/THead":
            in_head = True
        elif tag in ("/TBody", "/TFoot", "/Table"):
            in_head = False
        if tag == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                element.A = attributes
            if "/Scope" not in attributes:
                attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" and "/S" in kid:
                walk(kid, in_head)

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        walk(root, False)
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False)
    return out.getvalue()


def version():
    import weasyprint
    import pikepdf

    return f"{ENGINE} {weasyprint.__version__}, pikepdf {pikepdf.__version__}, pdf/a-2u+ua-1"


def serve(static_dir):
    """Renders one document per request on stdin until its end (see the module's comment)."""
    import struct
    import traceback

    # Frames go to the real stdout alone; anything printed by accident goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    source = sys.stdin.buffer
    # The engine loaded and Pango's fonts looked up before the first document.
    import weasyprint  # noqa: F401
    render("<!DOCTYPE html><html lang=da><title>x</title><p>æøå</p>", static_dir)

    def read(n):
        data = source.read(n)
        return data if data is not None and len(data) == n else None

    while True:
        header = read(4)
        if header is None:
            return
        (length,) = struct.unpack(">I", header)
        html = read(length)
        if html is None:
            return
        try:
            if html.startswith(b"{"):
                # A board book's operation (see book.py): a JSON request, a JSON answer.
                import json

                import book

                status, body = b"K", json.dumps(book.operation(json.loads(html), static_dir)).encode("utf-8")
            else:
                status, body = b"K", finish(render(html.decode("utf-8"), static_dir))
        except Exception:
            status, body = b"E", traceback.format_exc()[-4000:].encode("utf-8")
        out.write(status + struct.pack(">I", len(body)) + body)
        out.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--static", default="Public", help="the folder the stylesheets are read from")
    parser.add_argument("--version", action="store_true", help="print the engine's versions and stop")
    parser.add_argument("--serve", action="store_true", help="render one document per request on stdin (see above)")
    args = parser.parse_args()
    if args.version:
        print(version())
        return
    if args.serve:
        serve(args.static)
        return
    html = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(finish(render(html, args.static)))


if __name__ == "__main__":
    main()
