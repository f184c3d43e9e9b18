# Generates random queries over the execution tests' schema, with random (often ill-typed)
# root data: fields, aliases, merged keys, fragments, type conditions, @skip/@include.
#   gen_selections.py SEED COUNT OUT.json
import json, random, sys
seed = int(sys.argv[1]); n = int(sys.argv[2])
R = random.Random(seed)
OBJ = {
 'Query': {'hello':'String','int':'Int','float':'Float','bool':'Boolean','id':'ID','str':'String','nonNullString':'String!','color':'Color','colors':'[Color]','list':'[Int]','nonNullItems':'[Int!]','nonNullList':'[Int]!','nested':'[[Int!]]','obj':'Obj','objs':'[Obj]','nonNullObj':'Obj!','pet':'Pet','pets':'[Pet]','search':'[SearchResult]','json':'JSON'},
 'Obj': {'a':'String','b':'Int!','c':'Obj','d':'[Obj!]','e':'String'},
 'Dog': {'name':'String','barks':'Boolean'},
 'Cat': {'name':'String','meows':'Boolean'},
}
ABSTRACT = {'Pet': ['Dog','Cat'], 'SearchResult': ['Dog','Cat','Obj']}
IFACE_FIELDS = {'Pet': {'name':'String'}, 'SearchResult': {}}
LEAF = {'String','Int','Float','Boolean','ID','Color','JSON'}

def named(t): return t.replace('[','').replace(']','').replace('!','')

def rand_scalar():
    return R.choice([None, 0, 1, -7, 1.5, 2.0, 3e9, 1e21, 1e-7, True, False, "", "x", "12", " 7 ", "0x1F", "RED", "PURPLE", [1], {"k": 1}, [], {}])

def data_for(t, depth):
    r = R.random()
    if r < 0.08: return None
    if r < 0.12: return rand_scalar()  # wrong kind, often
    if t.endswith('!'): t = t[:-1]
    if t.startswith('['):
        inner = t[1:-1]
        return [data_for(inner, depth + 1) for _ in range(R.randint(0, 3))]
    nm = t
    if nm in LEAF:
        if nm == 'Int': return R.choice([1, 2, -3, 2.0, "5", True, 1.5, 2147483648])
        if nm == 'Float': return R.choice([1.5, 2, "2.5", False, 1e21, 0.1])
        if nm in ('String', 'ID'): return R.choice(["s", "t\n", 5, 1.25, True, "é"])
        if nm == 'Boolean': return R.choice([True, False, 0, 1, "true"])
        if nm == 'Color': return R.choice(["RED", "GREEN", "BLUE", "PURPLE", 1])
        if nm == 'JSON': return R.choice([{"a": [1, 2.5]}, "j", 3, [None, True]])
    if depth > 4: return None
    if nm in ABSTRACT:
        tn = R.choice(ABSTRACT[nm] + ['Rock', 'Color', 'Pet'] if R.random() < 0.15 else ABSTRACT[nm])
        o = {} if R.random() < 0.05 else {'__typename': tn}
        if tn in OBJ:
            for f, ft in OBJ[tn].items():
                if R.random() < 0.8: o[f] = data_for(ft, depth + 1)
        return o
    o = {}
    for f, ft in OBJ[nm].items():
        if R.random() < 0.85: o[f] = data_for(ft, depth + 1)
    return o

FRAGS = []
def selection(t, depth, budget):
    # t: named composite type
    parts = []
    fields = OBJ.get(t, IFACE_FIELDS.get(t, {}))
    for _ in range(R.randint(1, 4)):
        r = R.random()
        if r < 0.12:
            parts.append('__typename')
            continue
        if (r < 0.3 and t in ABSTRACT) or (r < 0.38):
            cond = R.choice(ABSTRACT[t]) if t in ABSTRACT else t
            if t in ABSTRACT and R.random() < 0.2: cond = t
            if R.random() < 0.5:
                parts.append('... on %s { %s }' % (cond, selection(cond, depth + 1, budget)))
            else:
                name = 'F%d' % R.randint(0, 10**9)
                FRAGS.append('fragment %s on %s { %s }' % (name, cond, selection(cond, depth + 1, budget)))
                parts.append('...' + name + directive())
            continue
        if not fields: continue
        f, ft = R.choice(list(fields.items()))
        alias = R.choice(['', '', '', 'x: ', 'y: ']) if True else ''
        nm = named(ft)
        s = alias + f + directive()
        if nm not in LEAF:
            if depth > 3: continue
            s += ' { %s }' % selection(nm, depth + 1, budget)
        parts.append(s)
    if not parts: parts.append('__typename')
    return ' '.join(parts)

def directive():
    r = R.random()
    if r < 0.85: return ''
    return R.choice([' @skip(if: true)', ' @skip(if: false)', ' @include(if: true)', ' @include(if: false)'])

cases = []
for i in range(n):
    FRAGS.clear()
    q = '{ %s }' % selection('Query', 0, 0)
    q = q + ' ' + ' '.join(FRAGS)
    root = data_for('Query', 0)
    if not isinstance(root, dict): root = {}
    cases.append(dict(suite='F', name='c%d' % i, query=q, root=json.dumps(root), vars=None, op=None))
json.dump(cases, open(sys.argv[3], 'w'))
