import json, os, subprocess, shutil
OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def start_of(text):
    """first 10-20 chars of the measure's own text, per plan-docs.md."""
    head = text.split("。")[0]
    if len(head) >= 10:
        return head[:18] if len(head) > 18 else head
    return text[:16]


def M(marker, text, lead=(), support=(), resp=(), deadline=None, generic=(), start=None, **kw):
    d = dict(marker=marker, text=text, leadUnits=list(lead), supportUnits=list(support),
             responsibleUnits=list(resp), deadline=deadline, generic=list(generic))
    d["start"] = start or start_of(text)
    d.update(kw)
    return d


def write_truth(fname, title, region, year, issuer, docnum, measures):
    ms = [dict(marker=m["marker"], start=m["start"], leadUnits=m["leadUnits"], supportUnits=m["supportUnits"],
               responsibleUnits=m["responsibleUnits"], deadline=m["deadline"], generic=m["generic"]) for m in measures]
    t = dict(file=fname, title=title, region=region, year=year, issuer=issuer, docNumber=docnum,
             hasUnitBlocks=True, measures=ms)
    base = fname.rsplit(".", 1)[0]
    with open(os.path.join(OUT, base + ".truth.json"), "w", encoding="utf-8") as f:
        json.dump(t, f, ensure_ascii=False, indent=2)
        f.write("\n")


def soffice(src, fmt, outdir=OUT):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", outdir, src],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
