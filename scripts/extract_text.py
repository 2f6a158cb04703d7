#!/usr/bin/env python3
"""Reads the text out of one attachment of an agenda item, for the search (issue 21), and makes the
PDF the board book shows of a DOCX, XLSX or ODT file. Run by the job runner (`attachment.extract`)
as a process of its own per file, under `timeout` and `prlimit` (a time and a memory limit), in a
folder of its own that the job removes afterwards:

    python3 scripts/extract_text.py --kind pdf|docx|xlsx|odt --input FILE --workdir DIR

Writes one JSON object on stdout: {"parts": [{"part": 1, "label": "", "text": …}, …], "pdf": path or null}.
  - PDF: the text of each page (poppler's pdftotext; a form feed ends each page), part = page.
  - DOCX, ODT: LibreOffice headless makes a PDF (its own user profile in DIR, so two conversions
    never share one and none waits for another), then as a PDF: part = the page of that PDF.
  - XLSX: each sheet's cells, row by row, with openpyxl (read-only; part = the sheet's position,
    label = its name: a spreadsheet has no pages until it is printed, and the sheet is what a reader
    looks for), and LibreOffice's PDF of it for the book.
A file that cannot be read ends the process with a message on stderr and a non-zero status; the
job marks the attachment unreadable.
"""
import argparse
import json
import os
import subprocess
import sys


def pdf_pages(path):
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q", path, "-"], capture_output=True, check=True)
    pages = result.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [{"part": i, "label": "", "text": " ".join(text.split())} for i, text in enumerate(pages, 1)]


def convert(path, workdir):
    """LibreOffice headless: the file as PDF in `workdir`, with a user profile of its own."""
    profile = os.path.join(workdir, "profile")
    out = os.path.join(workdir, "pdf")
    os.makedirs(out, exist_ok=True)
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", out, path],
        capture_output=True, check=True, stdin=subprocess.DEVNULL,
    )
    made = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if not os.path.exists(made):
        raise RuntimeError("LibreOffice made no PDF")
    return made


def sheets(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    parts = []
    for index, sheet in enumerate(book.worksheets, 1):
        lines = []
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v is not None and str(v).strip()]
            if cells:
                lines.append(" ".join(cells))
        parts.append({"part": index, "label": sheet.title, "text": "\n".join(lines)})
    book.close()
    return parts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", required=True, choices=["pdf", "docx", "xlsx", "odt"])
    parser.add_argument("--input", required=True)
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    try:
        if args.kind == "pdf":
            result = {"parts": pdf_pages(args.input), "pdf": None}
        elif args.kind == "xlsx":
            parts = sheets(args.input)
            result = {"parts": parts, "pdf": convert(args.input, args.workdir)}
        else:
            made = convert(args.input, args.workdir)
            result = {"parts": pdf_pages(made), "pdf": made}
    except subprocess.CalledProcessError as error:
        sys.stderr.write(f"{error.cmd[0]} failed ({error.returncode}): {error.stderr.decode('utf-8', 'replace')[-500:]}")
        sys.exit(2)
    except Exception as error:  # a broken, encrypted or hostile file
        sys.stderr.write(f"{type(error).__name__}: {str(error)[:500]}")
        sys.exit(2)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
