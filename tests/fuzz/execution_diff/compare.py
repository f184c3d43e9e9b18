"""Compares the runner's responses with graphql-js's.
   compare.py CASES.json EXPECTED.json ACTUAL.json [data-only]
Numbers inside `echo`'s JSON text are compared as values (that text is the test resolver's own).
With data-only (runs with async resolvers), only data must match: the oracle resolves
synchronously, and where a non-null failure stops it early, async siblings that had already
started still report their errors (as they would in graphql-js with async resolvers)."""
import json, sys

cases, expected, actual = (json.load(open(f)) for f in sys.argv[1:4])
data_only = len(sys.argv) > 4

def norm(text):
    r = json.loads(text)
    d = r.get('data')
    if isinstance(d, dict) and isinstance(d.get('echo'), str):
        d['echo'] = json.loads(d['echo'])
    return r

bad = 0
for c, e, a in zip(cases, expected, actual):
    e, a = norm(e), norm(a)
    if data_only:
        ok = e.get('data') == a.get('data')
    else:
        ok = e == a
    if not ok:
        bad += 1
        if bad <= 3:
            print(c['query'], c.get('vars'), '\n  graphql-js:', json.dumps(e)[:600],
                  '\n  stashql:   ', json.dumps(a)[:600], '\n')
print(f'{len(cases) - bad} passed, {bad} failed')
sys.exit(1 if bad else 0)
