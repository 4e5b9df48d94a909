#!/usr/bin/python3
"""PyTorch eager reference of the RankScope model and optimizers, for the throughput
comparison printed by `rankscope-cli bench`. Same architecture, shapes, threads and precision
as core/model and core/optim; run with Debian's python3-torch (/usr/bin/python3).

usage: torch_reference.py CONFIG.json   (the run config plus a "bench" object)
prints one JSON line: {"tokens_per_s": ..., "median_step_ms": ...}
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

QUINTIC = [(3.4445, -4.7750, 2.0315)]
POLAR_EXPRESS = [
    (8.156554524902461, -22.48329292557795, 15.878769915207462),
    (4.042929935166739, -2.808917465908714, 0.5000178451051316),
    (3.8916678022926607, -2.772484153217685, 0.5060648178503393),
    (3.285753657755655, -2.3681294933425376, 0.46449024233003106),
    (2.3465413258596377, -1.7097828382687081, 0.42323551169305323),
]


class RMSNorm(nn.Module):
    def __init__(self, dim, eps, groups=0):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones((groups, dim) if groups else (dim,)))

    def forward(self, x):
        xf = x.float()
        y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (y * self.weight).to(x.dtype)


class Rotary(nn.Module):
    def __init__(self, head_dim, max_len, base):
        super().__init__()
        inv = base ** (-torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
        ang = torch.outer(torch.arange(max_len, dtype=torch.float64), inv)
        self.register_buffer("cos", ang.cos().float())
        self.register_buffer("sin", ang.sin().float())

    def forward(self, x):
        t = x.size(1)
        cos = self.cos[:t][None, :, None, :].to(x.dtype)
        sin = self.sin[:t][None, :, None, :].to(x.dtype)
        x1, x2 = x.chunk(2, -1)
        return torch.cat([x1 * cos + x2 * sin, x2 * cos - x1 * sin], -1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.h, self.kv, self.d = c["n_heads"], c["n_kv_heads"], c["d_model"] // c["n_heads"]
        dm = c["d_model"]
        self.q_proj = nn.Linear(dm, dm, bias=False)
        self.k_proj = nn.Linear(dm, self.kv * self.d, bias=False)
        self.v_proj = nn.Linear(dm, self.kv * self.d, bias=False)
        self.o_proj = nn.Linear(dm, dm, bias=False)
        self.qk_norm = c["qk_norm"]
        if self.qk_norm:
            self.q_norm = RMSNorm(self.d, c["norm_eps"], self.h)
            self.k_norm = RMSNorm(self.d, c["norm_eps"], self.kv)
        self.rotary = Rotary(self.d, c["max_seq_len"], c["rope_base"])

    def forward(self, x):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.h, self.d)
        k = self.k_proj(x).view(b, t, self.kv, self.d)
        v = self.v_proj(x).view(b, t, self.kv, self.d)
        if self.qk_norm:
            q, k = self.q_norm(q), self.k_norm(k)
        q, k = self.rotary(q), self.rotary(k)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        if self.kv != self.h:
            k = k.repeat_interleave(self.h // self.kv, 1)
            v = v.repeat_interleave(self.h // self.kv, 1)
        dt = v.dtype
        y = torch.ops.aten._scaled_dot_product_attention(q.to(dt), k.to(dt), v, None, 0.0, False, True)[0]
        return self.o_proj(y.transpose(1, 2).contiguous().view(b, t, self.h * self.d))


class FeedForward(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.swiglu = c["ffn_type"] == "swiglu"
        self.up = nn.Linear(c["d_model"], c["ffn_dim"], bias=False)
        if self.swiglu:
            self.gate = nn.Linear(c["d_model"], c["ffn_dim"], bias=False)
        self.down = nn.Linear(c["ffn_dim"], c["d_model"], bias=False)

    def forward(self, x):
        if self.swiglu:
            return self.down(F.silu(self.gate(x)) * self.up(x))
        return self.down(F.relu(self.up(x)).square())


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attn_norm = RMSNorm(c["d_model"], c["norm_eps"])
        self.attn = Attention(c)
        self.ffn_norm = RMSNorm(c["d_model"], c["norm_eps"])
        self.ffn = FeedForward(c)

    def forward(self, x):
        h = x + self.attn(self.attn_norm(x))
        return h + self.ffn(self.ffn_norm(h))


class Transformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(c["vocab_size"], c["d_model"])
        self.blocks = nn.ModuleList([Block(c) for _ in range(c["n_layers"])])
        self.final_norm = RMSNorm(c["d_model"], c["norm_eps"])
        with torch.no_grad():
            for n, p in self.named_parameters():
                if p.dim() == 2 and "norm" not in n:
                    p.normal_(0.0, c["init_std"])

    def loss(self, x, y):
        h = self.embed(x)
        if self.c["scale_embeddings"]:
            h = h * math.sqrt(self.c["d_model"])
        for blk in self.blocks:
            h = blk(h)
        logits = F.linear(self.final_norm(h), self.embed.weight).float()
        return F.cross_entropy(logits.view(-1, logits.size(-1)), y.reshape(-1))


def orthogonalize(g, schedule, safety, bf16):
    x = g.float()
    tall = x.size(0) > x.size(1)
    if tall:
        x = x.t()
    x = x / (x.norm() * safety + 1e-7)
    if bf16:
        x = x.bfloat16()
    for a, b, c in schedule:
        gram = x @ x.t()
        poly = torch.addmm(gram, gram, gram, beta=b, alpha=c)
        x = torch.addmm(x, poly, x, beta=a, alpha=1.0)
    x = x.float()
    return x.t() if tall else x


class Muon:
    def __init__(self, params, m, bf16):
        self.bf16 = m["ns_precision"] == "bf16" or (m["ns_precision"] == "auto" and bf16)
        self.params = params
        self.m = m
        self.buf = [torch.zeros_like(p) for p in params]
        if m["coefficients"] == "polar_express":
            self.schedule, self.safety = POLAR_EXPRESS[: m["ns_steps"]], 1.02
        else:
            self.schedule, self.safety = QUINTIC * m["ns_steps"], 1.0

    @torch.no_grad()
    def step(self):
        for p, buf in zip(self.params, self.buf):
            g = p.grad
            buf.mul_(self.m["momentum"]).add_(g)
            u = g.add(buf, alpha=self.m["momentum"]) if self.m["nesterov"] else buf
            o = orthogonalize(u, self.schedule, self.safety, self.bf16)
            if self.m["weight_decay"] > 0:
                p.mul_(1 - self.m["lr"] * self.m["weight_decay"])
            p.add_(o.to(p.dtype), alpha=-self.m["lr"] * math.sqrt(max(1.0, p.size(0) / p.size(1))))

    def zero_grad(self):
        for p in self.params:
            p.grad = None


def main():
    cfg = json.load(open(sys.argv[1]))
    mc, tc, bench = cfg["model"], cfg["train"], cfg["bench"]
    torch.set_num_threads(bench["threads"])
    torch.manual_seed(cfg.get("seed", 0))
    model = Transformer(mc)
    muon_params, adam_params = [], []
    for n, p in model.named_parameters():
        hidden = p.dim() == 2 and n.startswith("blocks") and "norm" not in n
        (muon_params if tc["optimizer"] == "muon_adamw" and hidden else adam_params).append(p)
    bf16 = bench["precision"] == "bf16"
    a = tc["adamw"]
    opts = [torch.optim.AdamW(adam_params, lr=a["lr"], betas=(a["beta1"], a["beta2"]),
                              eps=a["eps"], weight_decay=a["weight_decay"])]
    if muon_params:
        opts.append(Muon(muon_params, tc["muon"], bf16))
    tokens = torch.randint(mc["vocab_size"], (tc["batch_size"], tc["seq_len"] + 1))
    x, y = tokens[:, :-1], tokens[:, 1:]
    times = []
    for i in range(bench["warmup"] + bench["steps"]):
        t0 = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = model.loss(x, y)
        for o in opts:
            o.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), tc["grad_clip"])
        for o in opts:
            o.step()
        if i >= bench["warmup"]:
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(json.dumps({"tokens_per_s": tc["batch_size"] * tc["seq_len"] / med,
                      "median_step_ms": med * 1000.0, "loss": loss.item()}))


if __name__ == "__main__":
    main()
