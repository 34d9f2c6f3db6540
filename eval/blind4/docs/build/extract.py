"""Extract the plain text of each document the way the brief's check does."""
import os, re, subprocess, html, tempfile
from common import OUT


def extract(fname):
    p = os.path.join(OUT, fname)
    ext = fname.rsplit(".", 1)[1]
    if ext == "pdf":
        return subprocess.run(["pdftotext", p, "-"], capture_output=True, text=True, check=True).stdout
    if ext == "docx":
        d = tempfile.mkdtemp()
        subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", d, p], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return open(os.path.join(d, fname[:-5] + ".txt"), encoding="utf-8-sig").read()
    if ext == "html":
        s = open(p, encoding="utf-8").read()
        s = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", "", s)
        s = re.sub(r"<[^>]+>", "", s)
        return html.unescape(s)
    return open(p, encoding="utf-8", newline="").read().replace("\r\n", "\n")
