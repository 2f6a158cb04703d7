#!/usr/bin/env python3
"""Makes the demo meeting's invented attachments (seed/demo_attachments.sql): two PDFs (WeasyPrint),
a DOCX (LibreOffice from HTML) and an XLSX (openpyxl), then the SQL that seeds them. Run from the
repository's root: python3 seed/demo_attachments.py (writes its files in /tmp/bookfx)."""
import os
os.makedirs("/tmp/bookfx", exist_ok=True)
here = os.getcwd()
os.chdir("/tmp/bookfx")
import weasyprint, openpyxl, subprocess, os
css = "<style>@page{size:A4;margin:2cm} body{font-family:DejaVu Sans;font-size:11pt} h1{font-size:16pt}</style>"
def pdf(name, pages):
    html = "<!DOCTYPE html><html lang=da><meta charset=utf-8><title>%s</title>%s" % (name, css)
    html += "".join('<section style="page-break-after:always">%s</section>' % p for p in pages[:-1]) + "<section>%s</section>" % pages[-1]
    weasyprint.HTML(string=html).write_pdf(name)
mark = "<p><em>Opdigtet demo-bilag: seedet indeholder ikke dette bilag.</em></p>"
pdf("bilag2.pdf", [
  "<h1>Bilag 2.1 – Notat om sundhedsydelser til ukrainske flygtninge</h1>" + mark + "<p>Notatet samler regionernes erfaringer med modtagelsen af fordrevne fra Ukraine i foråret 2022.</p>",
  "<h1>Tolkning</h1><p>Regionerne har afholdt tolkeudgifterne af egne budgetter indtil videre. Det anbefales at søge kompensation i økonomiforhandlingerne.</p>"])
pdf("bilag1.pdf", [
  "<h1>Bilag 1.1 – Forhandlingsoplæg (fortroligt)</h1>" + mark + "<p>Formandskabet foreslås at forhandle inden for mandatrammen som beskrevet i dagsordenspunktet.</p>"])
html = "<!DOCTYPE html><html lang=da><meta charset=utf-8><title>Bilag 7.1</title><body><h1>Bilag 7.1 – Høringsnotat om årsrapporten</h1>" + mark + "<p>Rådet har drøftet arkitekturprincipperne for fællesregionale it-løsninger og anbefaler, at de indgår i årsrapporten.</p></body></html>"
open("bilag7.html","w").write(html)
subprocess.run(["soffice","--headless","-env:UserInstallation=file:///tmp/bookfx/profile","--convert-to","docx:MS Word 2007 XML","--outdir",".","bilag7.html"],check=True)
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Udvalg"
ws.append(["Udvalg","Formand","Note"]); ws.append(["Sundhedsudvalget","(opdigtet)","Opdigtet demo-bilag"]); ws.append(["Udvalget for det nære sundhedsvæsen","(opdigtet)","kommissorium tilpasses"])
ws2 = wb.create_sheet("Mødekalender"); ws2.append(["Måned","Møde"]); ws2.append(["September","Kvartalsmøderne fastlægges"]); ws2.append(["December","Opdigtet demo-bilag"])
wb.save("bilag8.xlsx")
os.chdir(here)

files = [
    (7, "Bilag 7.1 Notat om tolkning (opdigtet demo-bilag).pdf", "application/pdf", "/tmp/bookfx/bilag2.pdf"),
    (1, "Bilag 1.1 Forhandlingsoplæg (opdigtet demo-bilag).pdf", "application/pdf", "/tmp/bookfx/bilag1.pdf"),
    (8, "Bilag 8.1 Høringsnotat (opdigtet demo-bilag).docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "/tmp/bookfx/bilag7.docx"),
    (8, "Bilag 8.2 Udvalg og mødekalender (opdigtet demo-bilag).xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "/tmp/bookfx/bilag8.xlsx"),
]
header = open("seed/demo_attachments.sql").read().split("WITH file AS")[0] if os.path.exists("seed/demo_attachments.sql") else ""
out = [header]
for item, name, ctype, path in files:
    data = open(path, "rb").read()
    sql_name = name.replace("'", "''")
    out.append(f"""WITH file AS (
    INSERT INTO attachments (item_id, filename, content_type, size_bytes, complete, created_at)
    SELECT {item}, '{sql_name}', '{ctype}', {len(data)}, true, pg_temp.demo_now() - interval '40 days'
    WHERE EXISTS (SELECT 1 FROM agenda_items WHERE id = {item})
      AND NOT EXISTS (SELECT 1 FROM attachments WHERE item_id = {item} AND filename = '{sql_name}')
    RETURNING id),
chunk AS (INSERT INTO attachment_chunks (attachment_id, seq, data) SELECT id, 0, decode('{data.hex()}', 'hex') FROM file)
INSERT INTO jobs (kind, payload, dedupe_key) SELECT 'attachment.extract', id::text, 'attachment.extract:' || id FROM file
ON CONFLICT (dedupe_key) DO NOTHING;
""")
open("seed/demo_attachments.sql", "w").write("\n".join(out))
