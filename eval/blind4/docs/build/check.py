"""Self-check of the blind4 documents, truth files and questions (see README.md)."""
import json, os, re, sys, glob
from common import OUT
from extract import extract

DOCS = ["xinwu-2025.docx", "xujiahui-2025.docx", "haishu-2025.pdf", "nansha-2025.pdf", "wuhou-2025.html", "shunde-2025.txt"]
nows = lambda s: re.sub(r"\s+", "", s)
fails = []
def fail(msg):
    fails.append(msg); print("FAIL", msg)

texts, truths = {}, {}
for f in DOCS:
    base = f.rsplit(".", 1)[0]
    path = os.path.join(OUT, f)
    size = os.path.getsize(path)
    if f.endswith((".pdf", ".docx")) and size >= 100 * 1024:
        fail(f"{f}: {size} bytes >= 100 KB")
    t = json.load(open(os.path.join(OUT, base + ".truth.json"), encoding="utf-8"))
    truths[base] = t
    raw = extract(f)
    texts[base] = raw
    N = nows(raw)
    pages = [nows(p) for p in raw.split("\f")] if f.endswith(".pdf") else [N]
    ms = t["measures"]
    if t["file"] != f: fail(f"{f}: file field {t['file']}")
    if not 15 <= len(ms) <= 25: fail(f"{f}: {len(ms)} measures")
    for k in ("title", "issuer", "docNumber"):
        if t[k] and nows(t[k]) not in N: fail(f"{f}: {k} {t[k]!r} not in text")
    if t["hasUnitBlocks"] is not True: fail(f"{f}: hasUnitBlocks")
    last = -1
    for i, m in enumerate(ms):
        st = nows(m["start"])
        if not 10 <= len(m["start"]) <= 20: fail(f"{f} #{i+1}: start length {len(m['start'])} {m['start']!r}")
        if not any(st in p for p in pages): fail(f"{f} #{i+1}: start {m['start']!r} not within one page")
        pos = N.find(st, last + 1)
        if pos < 0: fail(f"{f} #{i+1}: start {m['start']!r} not found after previous measure")
        else: last = pos
        if not (m["leadUnits"] or m["supportUnits"] or m["responsibleUnits"]): fail(f"{f} #{i+1}: no units")
        if m["responsibleUnits"] and (m["leadUnits"] or m["supportUnits"]): fail(f"{f} #{i+1}: mixed roles")
        for u in m["leadUnits"] + m["supportUnits"] + m["responsibleUnits"] + m["generic"]:
            if nows(u) not in N: fail(f"{f} #{i+1}: unit/generic {u!r} not in text")
            if "牵头" in u: fail(f"{f} #{i+1}: mark left in {u!r}")
        for u in m["generic"]:
            if u in m["leadUnits"] + m["supportUnits"] + m["responsibleUnits"]: fail(f"{f} #{i+1}: generic listed as unit")
        if m["deadline"] and nows(m["deadline"]) not in N: fail(f"{f} #{i+1}: deadline {m['deadline']!r} not in text")
        if not m["marker"] or nows(m["marker"]) not in N: fail(f"{f} #{i+1}: marker {m['marker']!r}")
    print(f"{f}: {len(ms)} measures, {size} bytes")

# questions
qs = [json.loads(l) for l in open(os.path.join(OUT, "questions.jsonl"), encoding="utf-8") if l.strip()]
if len(qs) != 24: fail(f"questions: {len(qs)} lines")
kinds = {}
for n, q in enumerate(qs, 1):
    qid = q["id"]
    if qid != "bd4-%03d" % n: fail(f"{qid}: id out of sequence")
    for k in ("question", "history", "kind", "doc", "evidence", "units", "facts", "answerable"):
        if k not in q: fail(f"{qid}: missing {k}")
    kinds.setdefault(q["doc"], []).append(q["kind"])
    if not q["answerable"]:
        if q["doc"] is not None or q["evidence"] or q["units"] or q["facts"]: fail(f"{qid}: unanswerable with content")
        continue
    base = q["doc"]
    if base not in texts: fail(f"{qid}: unknown doc {base}"); continue
    lines = texts[base].split("\n")
    for ev in q["evidence"]:
        if not 8 <= len(ev) <= 30: fail(f"{qid}: evidence length {len(ev)} {ev!r}")
        if not any(ev in ln for ln in lines): fail(f"{qid}: evidence {ev!r} not on one line")
    N = nows(texts[base])
    for fa in q["facts"]:
        if nows(fa) not in N: fail(f"{qid}: fact {fa!r} not in text")
    allunits = {u for m in truths[base]["measures"] for u in m["leadUnits"] + m["supportUnits"] + m["responsibleUnits"]}
    for u in q["units"]:
        if u not in allunits: fail(f"{qid}: unit {u!r} not a unit of {base}")
    # which measure holds the evidence: the span from its start to the next measure's start
    ms = truths[base]["measures"]
    poss, last = [], -1
    for m in ms:
        last = N.find(nows(m["start"]), last + 1); poss.append(last)
    hit = None
    for ev in q["evidence"]:
        e = nows(ev); p = N.find(e)
        while p >= 0 and hit is None:
            for i in range(len(ms)):
                end = poss[i + 1] if i + 1 < len(ms) else len(N)
                if poss[i] <= p < end: hit = i
            p = N.find(e, p + 1)
    if hit is None and q["kind"] != "english": fail(f"{qid}: evidence not inside any measure")
    if hit is None:
        hit = next((i for i, m in enumerate(ms) if any(nows(ev) in nows(m["start"]) or nows(m["start"]) in nows(ev) for ev in q["evidence"])), None)
    if hit is not None:
        m = ms[hit]; mu = m["leadUnits"] + m["supportUnits"] + m["responsibleUnits"]
        if q["units"] and set(q["units"]) - set(mu): fail(f"{qid}: units {q['units']} not all units of measure {m['marker']} {m['start']}")
        q["_measure"] = f"{m['marker']} {m['start']}"
        print(f"  {qid} -> {m['marker']} {m['start']} | lead={m['leadUnits']} sup={m['supportUnits']} resp={m['responsibleUnits']} dl={m['deadline']}")
    for h in q["history"]:
        if set(h) != {"role", "content"}: fail(f"{qid}: bad history")
for d, ks in kinds.items():
    if d is None: continue
print("kinds per doc:", json.dumps(kinds, ensure_ascii=False))
print("RESULT:", "OK" if not fails else f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)
