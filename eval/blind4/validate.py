#!/usr/bin/env python3
"""Validate callers-v4.jsonl against the seed documents."""
import json, re, sys
SEEDS = '/work/shared/seeds/'
FILES = {'sip-2021':'000_3bbc630e6ebc6374.txt','sip-2023':'001_a7410aa1b9a0fdd3.txt',
         'snd-2021':'002_a6ac91944b1f7027.txt','jiading-2023':'003_471461ea355489e1.txt',
         'xiangcheng-2022':'004_e5712d40b893341c.txt'}
KINDS = {'colloquial','numeric','unit','followup','english','traditional','typo','latest','cross','oos','near-domain','injection'}
ANN = re.compile(r'\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)')
text = {k: open(SEEDS+v, encoding='utf-8').read() for k, v in FILES.items()}
lines = {k: t.split('\n') for k, t in text.items()}
path = sys.argv[1] if len(sys.argv) > 1 else '/work/blind4/questions/callers-v4.jsonl'
errs, warns = [], []
def E(i, m): errs.append(f'{i}: {m}')
def W(i, m): warns.append(f'{i}: {m}')
rows = []
for n, l in enumerate(open(path, encoding='utf-8'), 1):
    try: rows.append(json.loads(l))
    except Exception as e: E(f'line{n}', f'bad json {e}')
for n, d in enumerate(rows, 1):
    i = d.get('id')
    if i != f'q4-{n:03d}': E(i, f'id out of sequence (expected q4-{n:03d})')
    for f in ('question','history','kind','doc','evidence','units','facts','answerable'):
        if f not in d: E(i, f'missing {f}')
    if d.get('kind') not in KINDS: E(i, f'bad kind {d.get("kind")}')
    for h in d.get('history', []):
        if set(h) != {'role','content'} or h['role'] not in ('user','assistant'): E(i, 'bad history turn')
    if d['kind'] == 'followup' and not d['history']: E(i, 'followup without history')
    if not d['answerable']:
        if d['doc'] is not None or d['evidence'] or d['units'] or d['facts']: E(i, 'unanswerable item with doc/evidence/units/facts')
        if d['kind'] in ('near-domain',) and not d.get('note'): E(i, 'near-domain without note')
        continue
    if d['doc'] not in FILES: E(i, f'bad doc {d["doc"]}'); continue
    docs = d.get('docs') or [d['doc']]
    if d['doc'] not in docs: E(i, 'doc not in docs')
    if not d['evidence']: E(i, 'no evidence')
    found_docs = set()
    for ev in d['evidence']:
        L = len(ANN.sub('', ev))
        if not 8 <= L <= 30: W(i, f'evidence length {L}: {ev}')
        hit = [k for k in docs if any(ev in ln for ln in lines[k])]
        if not hit: E(i, f'evidence not found on one line of {docs}: {ev}')
        for k in hit:
            c = text[k].count(ev)
            # sip-2023 repeats each task in its task table, so 2 hits there is normal
            if c > (2 if k == 'sip-2023' else 1): W(i, f'evidence occurs {c}x in {k}: {ev}')
            found_docs.add(k)
    if d.get('evidence_all') and set(docs) - found_docs: E(i, f'evidence_all but no evidence from {set(docs)-found_docs}')
    for f in d['facts']:
        if not any(f in text[k] for k in docs): E(i, f'fact not found: {f}')
    for u in d['units']:
        if not any(u in text[k] for k in docs):
            if any(u in re.sub(r'\s+', '', text[k]) for k in docs): W(i, f'unit found only after removing PDF whitespace: {u}')
            else: E(i, f'unit not found: {u}')
    if d['doc'] == 'jiading-2023' and d['units']: E(i, 'jiading measure lists no units')
from collections import Counter
print('items', len(rows), 'answerable', sum(r['answerable'] for r in rows))
print(dict(Counter(r['kind'] for r in rows)))
print('docs', dict(Counter(r['doc'] for r in rows if r['answerable'])))
for w in warns: print('WARN', w)
for e in errs: print('ERROR', e)
print('RESULT:', 'FAIL' if errs else 'PASS', f'({len(errs)} errors, {len(warns)} warnings)')
sys.exit(1 if errs else 0)
