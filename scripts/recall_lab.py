# Multi-pair recall lab in PyTorch (our own script, not part of the build): a pre-norm decoder like
# DecoderModel (rotary half-split or learned positions, tied or untied head, tanh GELU, Adam eps 1e-5, warm-up
# then a constant rate, clip 1.0; unlike DecoderModel every matrix starts at INIT, residual projections
# included, where DecoderModel scales those by 1/sqrt(2 layers)). MODEL=encoder swaps in PyTorch's own
# nn.TransformerEncoder as a control (its default initialisation and exact GELU, learned positions, untied head
# with bias, AdamW's default eps 1e-8), on recall sequences generated like RecallSft's multi-query ones, so that a
# recipe can be tried here at ~25-50 steps/s on one core before it is ported. Options are environment variables
# (see the first lines); it prints the running loss and the greedy accuracy on the value targets of 256 fresh
# sequences every 250 steps. See docs/benchmarks.md, "Multi-pair recall: the stall is the initialisation".
# Run: OPENBLAS_NUM_THREADS=1 P=4 LAYOUT=mqar FILL=none KEYS=upper CTX=8 Q=8 INIT=0.1 TIED=0 LR=1e-3 python3 scripts/recall_lab.py
import os, sys, math, random, time
import torch, torch.nn as nn, torch.nn.functional as F
E = os.environ.get
P = int(E('P', 6)); CTX = int(E('CTX', 32)); Q = int(E('Q', 12)); STEPS = int(E('STEPS', 3000))
LR = float(E('LR', 3e-3)); W = int(E('W', 64)); H = int(E('H', 2)); L = int(E('L', 2)); B = int(E('B', 32))
LAYOUT = E('LAYOUT', 'colon'); FILL = E('FILL', 'letters'); POS = E('POS', 'rope'); WD = float(E('WD', 0))
TIED = E('TIED', '1') == '1'; SEED = int(E('SEED', 1)); WARM = int(E('WARM', 50)); NORM = E('NORM', 'pre')
MLP = E('MLP', '1') == '1'; MODEL = E('MODEL', 'lab')
PROJ = E('PROJ', 'init')  # scaled: residual projections start at INIT / sqrt(2L), as in DecoderModel
INIT = float(E('INIT', 0.02)); KEYS = E('KEYS', 'letters')  # letters: keys share the filler alphabet; upper: keys from a disjoint alphabet
torch.manual_seed(SEED); rng = random.Random(SEED); torch.set_num_threads(1)
letters = 'abcdefghijklmnopqrstuvwxyz'; upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'; digits = '0123456789'
vocab = ['<pad>', '<bos>', '<eos>', '<sep>', ':', ' '] + list(letters) + list(upper) + list(digits)
if E('VOCAB', 'lab') == 'java':  # CharTokenizer's ids for RecallTask's alphabet, so FROM can load our weights
    vocab = ['<pad>', '<bos>', '<eos>', '<unk>', '<sep>'] + sorted(' 0123456789:' + letters)
ix = {c: i for i, c in enumerate(vocab)}; V = len(vocab)
keyset = upper if KEYS == 'upper' else letters
def sample():
    ks = rng.sample(keyset, P); vs = [rng.choice(digits) for _ in ks]
    pair = (lambda k, v: [k, ':', v]) if LAYOUT == 'colon' else (lambda k, v: [k, v])
    plen = len(pair('a', '0')); filler = CTX - P * plen
    if FILL == 'none': gaps = [0] * (P + 1); gaps[-1] = filler
    else:
        cuts = sorted(rng.randint(0, filler - (P + 1)) for _ in range(P)); cuts = [0] + cuts + [filler - (P + 1)]
        gaps = [1 + cuts[i + 1] - cuts[i] for i in range(P + 1)]
    toks = ['<bos>']
    for i in range(P + 1):
        for j in range(gaps[i]):
            edge = j == 0 or j == gaps[i] - 1
            toks.append(' ' if FILL != 'letters' or edge or rng.randrange(5) == 0 else rng.choice(letters))
        if i < P: toks += pair(ks[i], vs[i])
    tgt = [False] * len(toks)
    for _ in range(Q):
        i = rng.randrange(P)
        q = ['<sep>', ks[i], ':'] if LAYOUT == 'colon' else ['<sep>', ks[i]]
        toks += q; tgt += [False] * len(q); toks.append(vs[i]); tgt.append(True)
    toks.append('<eos>'); tgt.append(True)
    return [ix[t] for t in toks], tgt
def batch(n):
    xs, ts = zip(*(sample() for _ in range(n)))
    x = torch.tensor(xs); t = torch.tensor(ts)
    inp, out = x[:, :-1], x[:, 1:].clone(); m = t[:, 1:]
    out[~m] = -100
    return inp, out
class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.n1 = nn.LayerNorm(W); s.qkv = nn.Linear(W, 3 * W); s.o = nn.Linear(W, W)
        s.n2 = nn.LayerNorm(W); s.f1 = nn.Linear(W, 4 * W); s.f2 = nn.Linear(4 * W, W)
    def attn(s, x, cos, sin):
        b, t, _ = x.shape; q, k, v = s.qkv(x).split(W, -1)
        sh = lambda z: z.view(b, t, H, W // H).transpose(1, 2)
        q, k, v = sh(q), sh(k), sh(v)
        if POS == 'rope': q, k = rope(q, cos, sin), rope(k, cos, sin)
        a = (q @ k.transpose(-1, -2)) / math.sqrt(W // H)
        a = a.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float('-inf')).softmax(-1)
        return s.o((a @ v).transpose(1, 2).reshape(b, t, W))
    def forward(s, x, cos, sin):
        if NORM == 'pre':
            x = x + s.attn(s.n1(x), cos, sin)
            if not MLP: return x
            return x + s.f2(F.gelu(s.f1(s.n2(x)), approximate='tanh'))
        x = s.n1(x + s.attn(x, cos, sin)); return s.n2(x + s.f2(F.gelu(s.f1(x), approximate='tanh')))
def rope(z, cos, sin):
    h = z.shape[-1] // 2; a, b = z[..., :h], z[..., h:]
    return torch.cat([a * cos - b * sin, a * sin + b * cos], -1)
class GPT(nn.Module):
    def __init__(s, T):
        super().__init__(); s.emb = nn.Embedding(V, W); s.pos = nn.Embedding(T, W) if POS == 'learned' else None
        s.blocks = nn.ModuleList(Block() for _ in range(L)); s.nf = nn.LayerNorm(W)
        s.head = None if TIED else nn.Linear(W, V, bias=False)
        d = W // H // 2; inv = 1.0 / (10000 ** (torch.arange(d) / d)); ang = torch.arange(T)[:, None] * inv[None]
        s.cos, s.sin = ang.cos(), ang.sin()
        for p in s.parameters():
            if p.dim() == 2: nn.init.normal_(p, 0, INIT)
            else: nn.init.zeros_(p)
        for m in s.modules():
            if isinstance(m, nn.LayerNorm): nn.init.ones_(m.weight); nn.init.zeros_(m.bias)
        if PROJ == 'scaled':
            for b in s.blocks: nn.init.normal_(b.o.weight, 0, INIT / math.sqrt(2 * L)); nn.init.normal_(b.f2.weight, 0, INIT / math.sqrt(2 * L))
    def forward(s, x):
        t = x.shape[1]; h = s.emb(x)
        if s.pos is not None: h = h + s.pos(torch.arange(t))
        for b in s.blocks: h = b(h, s.cos[:t], s.sin[:t])
        h = s.nf(h); return h @ s.emb.weight.T if s.head is None else s.head(h)
class Encoder(nn.Module):
    def __init__(s, T):
        super().__init__(); s.emb = nn.Embedding(V, W); s.pos = nn.Embedding(T, W)
        layer = nn.TransformerEncoderLayer(W, H, 4 * W, dropout=0.0, batch_first=True, norm_first=True,
                                           activation='gelu')
        s.enc = nn.TransformerEncoder(layer, L); s.head = nn.Linear(W, V)
    def forward(s, x):
        t = x.shape[1]; mask = torch.triu(torch.full((t, t), float('-inf')), 1)
        return s.head(s.enc(s.emb(x) + s.pos(torch.arange(t)), mask=mask))
x0, _ = batch(1); model = (GPT if MODEL == 'lab' else Encoder)(x0.shape[1] + 8)
if E('FROM'):  # a weights.npz written by PolicyCheckpoint (VOCAB=java, TIED=0): [in, out] matrices transposed
    import numpy as np
    z = np.load(E('FROM')); T_ = lambda n: torch.tensor(z[n]); sd = {'emb.weight': T_('tok.weight'),
        'nf.weight': T_('norm.weight'), 'nf.bias': T_('norm.bias'), 'head.weight': T_('head.weight').T}
    for i in range(L):
        b = f'blocks.{i}.'; a = b + 'attn.'
        sd[b + 'qkv.weight'] = torch.cat([T_(a + w + '.weight').T for w in ('wq', 'wk', 'wv')])
        sd[b + 'qkv.bias'] = torch.cat([T_(a + w + '.bias') for w in ('wq', 'wk', 'wv')])
        sd[b + 'o.weight'] = T_(a + 'wo.weight').T; sd[b + 'o.bias'] = T_(a + 'wo.bias')
        for m, j in (('n1', 'norm1'), ('n2', 'norm2')):
            sd[b + m + '.weight'] = T_(b + j + '.weight'); sd[b + m + '.bias'] = T_(b + j + '.bias')
        sd[b + 'f1.weight'] = T_(b + 'mlp.up.weight').T; sd[b + 'f1.bias'] = T_(b + 'mlp.up.bias')
        sd[b + 'f2.weight'] = T_(b + 'mlp.down.weight').T; sd[b + 'f2.bias'] = T_(b + 'mlp.down.bias')
    model.load_state_dict(sd)
opt = torch.optim.AdamW(model.parameters(), lr=LR, eps=1e-5 if MODEL == 'lab' else 1e-8, weight_decay=WD)
t0 = time.time(); run = 0
if E('FROM'):
  with torch.no_grad():  # only with FROM, so the other runs draw the same batches as before
    x, y = batch(256); lg = model(x); pr = lg.argmax(-1); m = (y >= 0) & (y != ix['<eos>'])
    print(f'step 0 loss {F.cross_entropy(lg.reshape(-1, V), y.reshape(-1), ignore_index=-100).item():.3f} '
          f'acc {((pr == y) & m).sum().item() / m.sum().item():.3f}', flush=True)
for step in range(1, STEPS + 1):
    for g in opt.param_groups: g['lr'] = LR * min(1.0, step / WARM)
    x, y = batch(B); logits = model(x)
    loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), ignore_index=-100)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
    run = loss.item() if step == 1 else 0.95 * run + 0.05 * loss.item()
    if step % 250 == 0 or step == STEPS:
        with torch.no_grad():
            x, y = batch(256); pr = model(x).argmax(-1); m = (y >= 0) & (y != ix['<eos>'])
            acc = ((pr == y) & m).sum().item() / m.sum().item()
        print(f'step {step} loss {run:.3f} acc {acc:.3f} t {time.time()-t0:.0f}s', flush=True)
