# Build: release binary on the official Swift image.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libqrencode-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product raadsportal --static-swift-stdlib

# Run: slim Debian with libpq, libqrencode (the QR code of a two-factor set-up), the curl used by the health check, and the PDF engine: WeasyPrint and
# pikepdf from PyPI (the pinned versions of scripts/requirements-pdf.txt, in a virtual environment),
# Pango and the DejaVu fonts from Debian; for the board book and the search in attachments (issue 21)
# LibreOffice headless (DOCX/XLSX/ODT to PDF) and poppler's pdftotext from Debian, openpyxl from PyPI.
FROM debian:bookworm-slim
COPY scripts/requirements-pdf.txt /tmp/requirements-pdf.txt
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libqrencode4 ca-certificates tzdata curl \
        python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
        libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils \
    && python3 -m venv /opt/pdf && /opt/pdf/bin/pip install --no-cache-dir -r /tmp/requirements-pdf.txt \
    && rm -rf /var/lib/apt/lists/* /tmp/requirements-pdf.txt \
    && useradd --system --home /app raadsportal
WORKDIR /app
COPY --from=build /src/.build/release/raadsportal /usr/local/bin/raadsportal
COPY Views ./Views
COPY Public ./Public
COPY sql ./sql
COPY schemas ./schemas
COPY seed ./seed
COPY scripts/render_pdf.py scripts/book.py scripts/extract_text.py scripts/requirements-pdf.txt ./scripts/
USER raadsportal
ENV HOST=0.0.0.0 PORT=8080 PDF_PYTHON=/opt/pdf/bin/python3
# glibc's allocator for a small long-running server (read at start; see the README): two heap
# arenas, and blocks of 64 KiB and more mapped on their own and given back when freed.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
CMD ["raadsportal", "serve", "--migrate"]
