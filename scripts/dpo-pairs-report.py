#!/usr/bin/env python3
"""Reads <run>/dpo-pairs.tsv (written by the llm/dpo node, docs/algorithms/dpo.md) and prints, for the training and
the held-out pairs: rewards/accuracies (share of positive implicit margins) by kind of pair, by the reference's own
log-probability margin, and the held-out prompts with a wrongly ordered pair (docs/benchmarks.md, "DPO held-out
pairs on seeds 2 and 3").

    python3 scripts/dpo-pairs-report.py runs/dpo-s2/dpo-pairs.tsv

Kinds: 'correct' when the chosen text is the task's answer ('chosen-wrong' when no sample of the prompt was right and
a well-formed wrong answer beat a malformed one); rejected 'malformed' (not a number), '1digit' (a number of the
chosen's length differing in one digit) or 'other'.
"""
import collections
import csv
import sys


def kind(r):
    c, rj, a = r['chosen'], r['rejected'], r['answer']
    k = 'correct' if c == a else 'chosen-wrong'
    if not rj.isdigit() or (len(rj) > 1 and rj[0] == '0'):
        return k + '/rej-malformed'
    if len(rj) == len(c) and sum(x != y for x, y in zip(rj, c)) == 1:
        return k + '/rej-1digit'
    return k + '/rej-other'


def right(r):
    return float(r['margin']) > 0


def main(path):
    rows = list(csv.DictReader(open(path, encoding='utf-8'), delimiter='\t', quoting=csv.QUOTE_NONE))
    for split in ('train', 'held_out'):
        rs = [r for r in rows if r['split'] == split]
        if not rs:
            continue
        n_right = sum(right(r) for r in rs)
        print(f"{split}: {len(rs)} pairs from {len(set(r['prompt'] for r in rs))} prompts, "
              f"rewards/accuracies {n_right / len(rs):.3f}")
        by = collections.defaultdict(list)
        for r in rs:
            by[kind(r)].append(r)
        for k, v in sorted(by.items()):
            a = sum(right(r) for r in v)
            print(f"  {k:28s} {len(v):4d} pairs, {a:4d} right ({a / len(v):.3f})")
        bins = collections.OrderedDict((b, [0, 0]) for b in ('< -2', '-2..0', '0..2', '>= 2'))
        for r in rs:
            m = float(r['ref_logp_chosen']) - float(r['ref_logp_rejected'])
            b = '< -2' if m < -2 else '-2..0' if m < 0 else '0..2' if m < 2 else '>= 2'
            bins[b][0] += 1
            bins[b][1] += right(r)
        print("  by the reference's log p(chosen) - log p(rejected):",
              ", ".join(f"{b}: {v[1]}/{v[0]} right" for b, v in bins.items() if v[0]))
        near = sum(abs(float(r['margin'])) < 0.05 for r in rs)
        print(f"  near-ties (|margin| < 0.05): {near}")
        prompts = collections.defaultdict(list)
        for r in rs:
            prompts[r['prompt']].append(r)
        wrong = sorted((p, v) for p, v in prompts.items() if not all(right(r) for r in v))
        print(f"  prompts with a wrongly ordered pair: {len(wrong)} of {len(prompts)}")
        if split == 'held_out':
            for p, v in wrong:
                bad = [f"{r['chosen']} > {r['rejected']}: {float(r['margin']):+.2f}" for r in v if not right(r)]
                print(f"    {p}{v[0]['answer']}  log p(chosen) ref {float(v[0]['ref_logp_chosen']):.2f} -> policy "
                      f"{float(v[0]['logp_chosen']):.2f}; {len(bad)} of {len(v)} wrong: " + "; ".join(bad))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit("usage: dpo-pairs-report.py RUN/dpo-pairs.tsv")
    main(sys.argv[1])
