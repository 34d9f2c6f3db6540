#!/bin/sh
# Rebuild the six blind4 documents, their truth files and questions.jsonl, then run the self-check.
# Needs: soffice (libreoffice-writer-nogui), pdftotext (poppler-utils), fonts-wqy-microhei (PDF font), fonts-noto-cjk.
set -e
cd "$(dirname "$0")"
for b in build_xinwu build_xujiahui build_haishu build_nansha build_wuhou build_shunde questions; do python3 $b.py; done
python3 check.py
