# Control for scripts/recall_lab.py: the same data, with PyTorch's own nn.TransformerEncoder (pre-norm, default
# PyTorch initialisation, learned positions, untied head with bias, AdamW weight decay 0.01). Same env options.
import os, torch, torch.nn as nn, torch.nn.functional as F, time
exec(open(__file__.replace('recall_lab_encoder.py', 'recall_lab.py')).read().split('class Block')[0])
T = batch(1)[0].shape[1] + 8
class M(nn.Module):
    def __init__(s):
        super().__init__(); s.emb = nn.Embedding(V, W); s.pos = nn.Embedding(T, W)
        s.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(W, H, 4*W, dropout=0.0, batch_first=True, norm_first=True, activation='gelu'), L)
        s.head = nn.Linear(W, V)
    def forward(s, x):
        t = x.shape[1]; h = s.emb(x) + s.pos(torch.arange(t))
        mask = torch.triu(torch.full((t, t), float('-inf')), 1)
        return s.head(s.enc(h, mask=mask))
model = M(); opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)
t0=time.time()
for step in range(1, STEPS+1):
    for g in opt.param_groups: g['lr'] = LR * min(1.0, step / WARM)
    x, y = batch(B); loss = F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1), ignore_index=-100)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
    if step % 250 == 0:
        with torch.no_grad():
            x, y = batch(256); pr = model(x).argmax(-1); m = (y >= 0) & (y != ix['<eos>'])
            print(step, round(loss.item(),3), round(((pr == y) & m).sum().item() / m.sum().item(),3), f'{time.time()-t0:.0f}s', flush=True)
