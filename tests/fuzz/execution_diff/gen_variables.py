# Generates random `echo` calls with variables and literals of every input kind (scalars,
# enums, lists, input objects, defaults), with random and often ill-typed variable values.
#   gen_variables.py SEED COUNT OUT.json
import json, random, sys
seed = int(sys.argv[1]); n = int(sys.argv[2])
R = random.Random(seed)
ARGS = {'arg':'String','int':'Int','float':'Float','id':'ID','list':'[Int]','input':'Input','color':'Color','req':'Int!','def':'Int','flag':'Boolean'}
VTYPES = ['Int','Int!','Float','String','ID','Boolean','Color','Input','Input!','[Int]','[Int!]','[Int!]!','[Input]','JSON','[[Int]]','[Color!]']
def rval(depth=0):
    c = R.random()
    if depth < 2 and c < 0.15: return [rval(depth+1) for _ in range(R.randint(0,3))]
    if depth < 2 and c < 0.3:
        o = {}
        for k in R.sample(['x','y','z','nested','c','xx','X','1','0'], R.randint(0,4)):
            o[k] = rval(depth+1)
        return o
    return R.choice([None, 0, 1, -5, 1.5, 4.0, 3e9, -3e9, 1e21, True, False, "", "a", "RED", "red", "GREEN", "7", 12345678901])
def literal(t, depth=0):
    c = R.random()
    if c < 0.1: return 'null'
    if c < 0.2: return R.choice(['1', '"s"', 'RED', '1.5', 'true', '[1, 2]', '{x: 1}', '{x: 1, q: 2}', '[null]', '99999999999', '-0', '1e3'])
    b = t.rstrip('!')
    if b.startswith('['): return '[' + ', '.join(literal(b[1:-1], depth+1) for _ in range(R.randint(0, 3))) + ']'
    return {'String':'"str"','Int':str(R.choice([0,7,-2,2147483647,2147483648])),'Float':R.choice(['1.5','2','-0.25','1e-7']),'ID':R.choice(['"i"','5']),'Boolean':R.choice(['true','false']),'Color':R.choice(['RED','BLUE','PURPLE']),'JSON':'{a: [1, "x"], b: RED}','Input':'{x: %s%s}' % (R.choice(['1','"1"','null']), R.choice(['', ', y: "q"', ', z: [1, 2]', ', z: 3', ', nested: {x: 2}', ', c: GREEN']))}[b]
cases = []
for i in range(n):
    vars_def = []; vals = {}; args = []
    used = R.sample(list(ARGS.keys()), R.randint(1, 4))
    for j, a in enumerate(used):
        if R.random() < 0.6:
            vt = R.choice(VTYPES) if R.random() < 0.5 else ARGS[a]
            dv = ''
            if R.random() < 0.25 and not vt.endswith('!'): dv = ' = ' + literal(vt)
            vars_def.append('$v%d: %s%s' % (j, vt, dv))
            args.append('%s: $v%d' % (a, j))
            r = R.random()
            if r < 0.75: vals['v%d' % j] = rval()
        else:
            args.append('%s: %s' % (a, literal(ARGS[a])))
    if 'req' not in used and R.random() < 0.8: args.append('req: 1')
    q = 'query Q%s { echo(%s) }' % ('(' + ', '.join(vars_def) + ')' if vars_def else '', ', '.join(args))
    cases.append(dict(suite='V', name='v%d' % i, query=q, root='{}', vars=json.dumps(vals), op=None))
json.dump(cases, open(sys.argv[3], 'w'))
