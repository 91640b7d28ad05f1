#!/usr/bin/env python3
"""Generates the demo and test stroke files in assets/demo/signatures/ (deterministic).

Each file follows docs/signature.md. expected.json lists, per file, the checks that must fail;
every other check must pass. Run: python3 scripts/make-demo-signatures.py
"""
import json
import math
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "demo", "signatures")
W, H, PMAX, HZ = 9600, 6000, 1023, 200.0
DEVICE = {"vendor": "Wacom", "model": "STU-540 (synthetic)", "report_rate": HZ}


def stroke(t0, seconds, fx, fy, rng):
    """Samples of one pen-down stroke: position from fx(u), fy(u) for u in 0..1, smooth pressure."""
    n = max(2, int(seconds * HZ))
    out = []
    for i in range(n):
        u = i / (n - 1)
        p = 420 + 300 * math.sin(math.pi * u) + rng.uniform(-25, 25)
        x = min(W, max(0, fx(u)))
        y = min(H, max(0, fy(u)))
        out.append([round(t0 + i * 1000 / HZ, 1), round(x, 1), round(y, 1), round(max(1, min(PMAX, p)))])
    return out


def pen_up(t, x, y):
    return [round(t, 1), round(x, 1), round(y, 1), 0]


def cursive(rng, x0, x1, yc, amp, loops, seconds, t0):
    def fx(u):
        return x0 + (x1 - x0) * u + 180 * math.sin(2 * math.pi * loops * u)

    def fy(u):
        return yc + amp * math.sin(2 * math.pi * loops * u + 0.7) * (0.6 + 0.4 * math.sin(3 * u))

    return stroke(t0, seconds, fx, fy, rng)


def signature(seed, parts):
    rng = random.Random(seed)
    samples, t = [], 0.0
    for (x0, x1, yc, amp, loops, seconds) in parts:
        s = cursive(rng, x0, x1, yc, amp, loops, seconds, t)
        samples += s
        last = s[-1]
        t = last[0] + 5
        samples.append(pen_up(t, last[1], last[2]))
        t += 250
    return samples


def write(name, samples, **extra):
    doc = {"width": W, "height": H, "pressure_max": PMAX, "samples": samples, "device": DEVICE}
    doc.update(extra)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("anne", signature(1, [(900, 3800, 3000, 900, 4, 1.1), (4300, 8200, 3200, 1100, 6, 1.4)]))
    write("bo", signature(2, [(1200, 3000, 2800, 1300, 2, 0.7), (3600, 8600, 3100, 800, 7, 1.6), (7600, 8700, 2000, 150, 1, 0.15)]))
    write("kasper", signature(3, [(700, 8800, 3000, 1500, 9, 2.2)]))
    rng = random.Random(4)
    write("dot", stroke(0, 0.6, lambda u: 4800 + 3 * u, lambda u: 3000 + 2 * u, rng) + [pen_up(610, 4803, 3002)])
    write("line", stroke(0, 0.9, lambda u: 1000 + 7000 * u, lambda u: 3000 + 5 * u, rng) + [pen_up(910, 8000, 3005)])
    write("tiny", signature(5, [(4600, 5100, 3000, 150, 2, 0.8)]))
    write("clipped", signature(6, [(-2000, 11500, 3000, 3600, 5, 1.5)]))
    write("empty", [pen_up(0, 100, 100), pen_up(500, 200, 120)])
    write("fast", signature(7, [(900, 8000, 3000, 1200, 3, 0.2)]))
    scribble = [(300 + 150 * (i % 60), 450 + 150 * (i % 60), 1500 + (i % 5) * 800, 300, 1, 0.4) for i in range(60)]
    write("long", signature(8, scribble))
    write("mouse", signature(9, [(900, 3800, 3000, 900, 4, 1.1), (4300, 8200, 3200, 1100, 6, 1.4)]), pressure_available=False)
    expected = {
        "anne": [], "bo": [], "kasper": [], "mouse": [],
        "dot": ["bbox_width", "bbox_height", "ink_length", "not_dot_or_line"],
        "line": ["bbox_height", "not_dot_or_line"],
        "tiny": ["bbox_width", "bbox_height", "ink_length"],
        "clipped": ["edge_touch"],
        "empty": ["ink_present", "duration", "bbox_width", "bbox_height", "ink_length", "stroke_count", "not_dot_or_line"],
        "fast": ["duration"],
        "long": ["stroke_count"],
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
