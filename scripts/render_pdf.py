#!/usr/bin/env python3
"""Turns one of the portal's documents (the print HTML of a letter or an annual report, on stdin)
into a tagged, archivable PDF (on stdout), with WeasyPrint and pikepdf from PyPI.

    python3 scripts/render_pdf.py --static Public < letter.html > letter.pdf
    python3 scripts/render_pdf.py --version      the engine's name, for the cache's stamp

WeasyPrint lays the page out from the same HTML and print stylesheet as the browser's page, tags
it (headings, lists, tables with header cells, figures with the SVG's <title> as alternative text,
/Lang from <html lang>, the title shown by DisplayDocTitle) and writes it as PDF/A-2u: fonts
embedded and subset, full Unicode, an sRGB output intent, XMP metadata. It takes one variant, so
pikepdf then adds what PDF/UA-1 asks beyond that:
  - pdfuaid:part = 1 in the XMP metadata beside pdfaid, so the file claims both;
  - /Scope on every table header cell (WeasyPrint writes /TH without it): Column in a table's
    head, Row in its body (the templates' <th scope="col"> and <th scope="row">).
Only files under --static are read (the stylesheets); nothing is fetched from the network.
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


def render(html, static_dir):
    import weasyprint

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--static", default="Public", help="the folder the stylesheets are read from")
    parser.add_argument("--version", action="store_true", help="print the engine's versions and stop")
    args = parser.parse_args()
    if args.version:
        print(version())
        return
    html = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(finish(render(html, args.static)))


if __name__ == "__main__":
    main()
