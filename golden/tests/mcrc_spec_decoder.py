#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An independent MCRC decoder written from docs/mcrc-format.md §1-§6 alone (not from the golden
model), as the check that the specification suffices to decode our streams. Run by ctest
(golden/mcrc_spec_decoder) on every known-answer vector of verif/vectors/mcrc (params.json,
ac.hex, raw.hex, input.npy), on the worked examples of §7.1-§7.3 (every table cell), on the error
examples of §7.4 and on further streams for every error of §6.3.

    mcrc_spec_decoder.py <verif/vectors/mcrc>

For near = 0 the decoded words must equal input.npy; for near = k >= 1 they must equal the
reconstruction of §2, clamp(((x + 2^(k-1)) >> k) * 2^k), and lie within 2^(k-1) of the input.
The spec's encoder (§4.4, §5) is implemented too: it must reproduce the vector streams bit for bit
and it builds the corrupted streams of the error checks.

Python standard library only.
"""
import ast
import json
import os
import random
import struct
import sys

ERRORS = {1: "AcTruncated", 2: "RawTruncated", 3: "AcStart", 4: "AcCheck", 5: "AcTrailing",
          6: "RawTrailing", 7: "ResidualRange"}
AC_TRUNCATED, RAW_TRUNCATED, AC_START, AC_CHECK, AC_TRAILING, RAW_TRAILING, RESIDUAL_RANGE = \
    range(1, 8)


class McrcError(Exception):
    def __init__(self, code, t, out, V=None):
        super().__init__(ERRORS[code])
        # t: the value being decoded (N for the end checks); out: the values output before it;
        # V: the final offset for AcCheck.
        self.code, self.name, self.t, self.out, self.V = code, ERRORS[code], t, out, V


class Bits:
    """§1 packing: bit j of the stream is bit m-1-(j mod m) of word j // m."""

    def __init__(self, words, m, truncated, trailing):
        self.words, self.m = words, m
        self.L = len(words) * m
        self.pos = 0
        self.truncated, self.trailing = truncated, trailing

    def bit(self, p):
        w, o = divmod(p, self.m)
        return (self.words[w] >> (self.m - 1 - o)) & 1

    def read(self, n, t, out):
        v = 0
        for _ in range(n):
            if self.pos >= self.L:
                raise McrcError(self.truncated, t, out)
            v = (v << 1) | self.bit(self.pos)
            self.pos += 1
        return v

    def check_end(self, t, out):
        """§6.2 steps 2/3: padding bits 0, no word after the one holding the last bit read."""
        end = self.pos
        if any(self.bit(b) for b in range(end, -(-end // self.m) * self.m)):
            raise McrcError(self.trailing, t, out)
        if len(self.words) > -(-end // self.m):
            raise McrcError(self.trailing, t, out)


class Model:
    """§4.1 state, §4.2 adaptation, §4.3 sub-intervals. 2m + 1 contexts of n - 1 values. The
    table `s` is what a value reads; the newest adaptation waits in `pending` until the next
    value has read (§4.2)."""

    def __init__(self, m):
        self.n = n = m + 1
        self.T = T = 512 - n
        self.s = [[0] + [T * i // n for i in range(1, n)] for _ in range(2 * m + 1)]
        self.pending = None

    def cum(self, c):
        s = self.s[c]
        return [0] + [s[i] + i for i in range(1, self.n)] + [512]

    def bounds(self, c, rng):
        assert 1 << 12 <= rng < 1 << 13
        e, qR = self.cum(c), q_range(rng)
        u = [0] + [rng - qR * (512 - e[i]) for i in range(1, self.n)] + [rng]
        assert all(u[i + 1] - u[i] >= 8 for i in range(self.n)), "§4.3: steps of at least 8"
        return u

    def adapt(self, c, j):
        s, T = list(self.s[c]), self.T
        rate = 5
        for i in range(1, self.n):
            rnd = (1 << rate) - 1  # §4.2: steps rounded up
            if i <= j:
                s[i] -= (s[i] + rnd) >> rate
            else:
                s[i] += (T - s[i] + rnd) >> rate
        assert all(0 <= s[i] <= T for i in range(1, self.n))
        assert all(s[i] <= s[i + 1] for i in range(1, self.n - 1)), "§4.1: non-decreasing"
        if self.pending is not None:  # the previous value's adaptation is written now
            self.s[self.pending[0]] = self.pending[1]
        self.pending = (c, s)


def q_range(rng):
    """§4.3: q_R = rng >> 9, 8 ... 15."""
    return rng >> 9


def renorm(rng):
    """§4.4: the smallest d >= 0 with rng * 2^d >= 2^12."""
    d = 0
    while rng << d < 1 << 12:
        d += 1
    return d


def wrap(z, m):
    return ((z + (1 << (m - 1))) % (1 << m)) - (1 << (m - 1))


def reconstruct(x, m, k):
    """§2: q = x (k = 0) or (x + 2^(k-1)) >> k; x' = clamp(q * 2^k)."""
    q = x if k == 0 else (x + (1 << (k - 1))) >> k
    return q, max(-(1 << (m - 1)), min((1 << (m - 1)) - 1, q << k))


def predict(E, y, A):
    """§3.2 (both shifts arithmetic)."""
    p = (E + 8) >> 4
    return p if y == 0 else (p + A) >> 1


def check_params(m, W, H, U, k, N):
    if m not in (8, 16) or not 1 <= W <= 65535 or not 1 <= H <= 65535 or U not in (0, 1) \
            or not 0 <= k <= 7 or N < 0:
        raise ValueError("parameters outside §1 (host error, not a stream error)")


def decode(ac, raw, m, W, H, U, k, N, trace=None):
    """§6: the N output words x'_t, or McrcError (the first error of §6.1/§6.2 order)."""
    check_params(m, W, H, U, k, N)
    out = []
    acb = Bits(ac, m, AC_TRUNCATED, AC_TRAILING)
    rawb = Bits(raw, m, RAW_TRUNCATED, RAW_TRAILING)
    if N == 0:                                   # §6.2: both streams empty, ac checked first
        acb.check_end(0, out)
        rawb.check_end(0, out)
        return out
    model = Model(m)
    n = model.n
    half = 1 << (m - 1)
    cls = [0] * N                                # classes (for the contexts)
    qs = [0] * N                                 # quantized values (for the predictor)
    rng, V, d, E = 0x1FFF, 0, 0, 0
    for t in range(N):
        x, y = t % W, (t // W) % H
        # step 1: the pending ac bits
        if t == 0:
            bits_read = 13
            V = acb.read(13, t, out)
            if V == 0x1FFF:
                raise McrcError(AC_START, t, out)
        else:
            bits_read = d
            V = (V << d) | acb.read(d, t, out)
        assert 0 <= V < rng
        # step 2: the class j in context c_t (§3.3, §4.5), then adapt
        c = (cls[t - 1] if x > 0 else 0) + (cls[t - W] if y > 0 else 0)
        u = model.bounds(c, rng)
        j = sum(1 for i in range(1, n) if u[i] <= V)
        if trace is not None:
            trace.append(dict(bits=format(V & ((1 << bits_read) - 1), "0%db" % bits_read)
                              if bits_read else "", V=V, ctx=c, u=u[1:n], j=j, uj=u[j]))
        V -= u[j]
        rng = u[j + 1] - u[j]
        d = renorm(rng)
        rng <<= d
        model.adapt(c, j)
        cls[t] = j
        # step 3: the raw bits
        a = 0 if j == 0 else 1 if j == 1 else (1 << (j - 1)) | rawb.read(j - 1, t, out)
        sign = rawb.read(1, t, out) if U == 0 and j >= 1 else 0
        # step 4: q_t
        if U == 1:
            q = a - (1 << m) if a >= half else a
        else:
            if x == 0 and y == 0:
                E = 0                            # §3.2: E is 0 at the first position of a plane
            r = -a if sign else a
            if not -half <= r <= half - 1:
                raise McrcError(RESIDUAL_RANGE, t, out)
            q = wrap(predict(E, y, qs[t - W] if y > 0 else 0) + r, m)
            E += (16 * q - E) >> 3
        qs[t] = q
        # step 5: x'_t
        out.append(max(-half, min(half - 1, q << k)))
    # §6.2
    V = (V << d) | acb.read(d, N, out)
    if V != 0:
        raise McrcError(AC_CHECK, N, out, V)
    acb.check_end(N, out)
    rawb.check_end(N, out)
    return out


# ---- the encoder of §4.4 and §5 (for the worked examples and to build corrupted streams) ----

def pack(bits, m):
    """§1: a bit string, MSB first, into m-bit words; the last padded with 0."""
    bits += "0" * (-len(bits) % m)
    return [int(bits[i:i + m], 2) for i in range(0, len(bits), m)]


def encode_classes(m, W, H, classes, rawbits, trace=None):
    """§4.4: the ac bit string for a sequence of classes; rawbits: per-value raw bit strings.
    Returns (ac bit string, raw bit string, D)."""
    N = len(classes)
    if N == 0:
        return "", "", 0                         # §1: no words for N = 0
    model = Model(m)
    L, rng, D = 0, 0x1FFF, 0
    for t, j in enumerate(classes):
        x, y = t % W, (t // W) % H
        c = (classes[t - 1] if x > 0 else 0) + (classes[t - W] if y > 0 else 0)
        e, u = model.cum(c), model.bounds(c, rng)
        row = dict(ctx=c, k=j, raw=rawbits[t], rng=rng, qR=q_range(rng), e=(e[j], e[j + 1]),
                   u=(u[j], u[j + 1]), rngp=u[j + 1] - u[j])
        L += u[j]
        rng = u[j + 1] - u[j]
        d = renorm(rng)
        L <<= d
        rng <<= d
        D += d
        model.adapt(c, j)
        if trace is not None:
            Ls = format(L, "0%db" % (D + 13))
            row.update(d=d, rng_after=rng, L=Ls[:D] + " " + Ls[D:])
            trace.append(row)
    assert L < 0x1FFF << D, "§4.4: L < 0x1FFF * 2^D"
    ac = format(L, "0%db" % (D + 13))
    assert int(ac[:13], 2) <= 0x1FFE
    return ac, "".join(rawbits), D


def encode(xs, m, W, H, U, k, trace=None):
    """§5: (ac words, raw words) for the input words xs."""
    check_params(m, W, H, U, k, len(xs))
    classes, rawbits, qs, extra = [], [], [], []
    E = 0
    for t, xt in enumerate(xs):
        x, y = t % W, (t // W) % H
        q, _ = reconstruct(xt, m, k)
        if U == 1:
            a, sbits, p, r = q % (1 << m), "", None, None
        else:
            if x == 0 and y == 0:
                E = 0
            p = predict(E, y, qs[t - W] if y > 0 else 0)
            r = wrap(q - p, m)
            a, sbits = abs(r), ("1" if r < 0 else "0" if r > 0 else "")
        extra.append(dict(q=q, E=E if U == 0 else None, p=p, r=r))
        j = a.bit_length()
        classes.append(j)
        rawbits.append((format(a, "b")[1:] if j >= 2 else "") + sbits)
        qs.append(q)
        if U == 0:
            E += (16 * q - E) >> 3
    ac, rawb, D = encode_classes(m, W, H, classes, rawbits, trace)
    if trace is not None:
        for row, ex in zip(trace, extra):
            row.update(ex)
    return pack(ac, m), pack(rawb, m), ac, rawb, D


# ---- files ----

def read_npy(path):
    """The values of a little-endian int8/int16 .npy file (any shape, C order)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not a .npy file")
    if data[6] == 1:
        hlen, off = struct.unpack_from("<H", data, 8)[0], 10
    else:
        hlen, off = struct.unpack_from("<I", data, 8)[0], 12
    header = ast.literal_eval(data[off:off + hlen].decode("latin1"))
    if header.get("fortran_order"):
        raise ValueError(f"{path}: Fortran order")
    body = data[off + hlen:]
    fmt = {"|i1": "b", "<i1": "b", "i1": "b", "<i2": "h"}[header["descr"]]
    count = len(body) // struct.calcsize(fmt)
    return list(struct.unpack("<%d%s" % (count, fmt), body))


def read_hex(path):
    with open(path) as f:
        return [int(x, 16) for x in f.read().split()]


# ---- §7 worked examples: every cell of the tables ----

# (input, W, H, U, k, ac words, raw words, D, ac bit string, raw bit string, encoder rows)
# encoder row: (t, ctx, class, raw bits, rng, q_R, e[k], e[k+1], u(k), u(k+1), rng', d,
#               rng after, L after, extra {E, p, r} or {q})
EX1_ROWS = [
    (0, 0, 0, "", 8191, 15, 0, 56, 0, 1351, 1351, 2, 5404,
     "00 0000000000000", {}),
    (1, 0, 3, "01", 5404, 10, 170, 227, 1984, 2554, 570, 3, 4560,
     "00001 1111000000000", {}),
    (2, 3, 0, "", 4560, 8, 0, 56, 0, 912, 912, 3, 7296,
     "00001111 1000000000000", {}),
    (3, 0, 1, "", 7296, 14, 54, 109, 884, 1654, 770, 3, 6160,
     "00001111100 1101110100000", {}),
]
EX2_ROWS = [
    (0, 0, 2, "11", 8191, 15, 113, 170, 2206, 3061, 855, 3, 6840,
     "010 0010011110000", dict(E=0, p=0, r=-3)),
    (1, 2, 2, "00", 6840, 13, 113, 170, 1653, 2394, 741, 3, 5928,
     "010010 1101100101000", dict(E=-6, p=0, r=2)),
    (2, 2, 3, "100", 5928, 11, 170, 227, 2166, 2793, 627, 3, 5016,
     "010011000 1110011110000", dict(E=-2, p=-2, r=6)),
    (3, 5, 2, "01", 5016, 9, 113, 170, 1425, 1938, 513, 3, 4104,
     "010011001000 1010000001000", dict(E=6, p=1, r=-2)),
]
EX3_ROWS = [
    (0, 0, 3, "00", 8191, 15, 170, 227, 3061, 3916, 855, 3, 6840,
     "010 1111110101000", dict(q=4)),
    (1, 3, 3, "01", 6840, 13, 170, 227, 2394, 3135, 741, 3, 5928,
     "011010 0100000010000", dict(q=5)),
    (2, 3, 0, "", 5928, 11, 0, 56, 0, 912, 912, 3, 7296,
     "011010010 0000010000000", dict(q=0)),
    (3, 3, 2, "0", 7296, 14, 109, 164, 1654, 2424, 770, 3, 6160,
     "011010010001 1011110110000", dict(q=2)),
    (4, 5, 1, "", 6160, 12, 56, 113, 688, 1372, 684, 3, 5472,
     "011010010001110 1001100000000", dict(q=1)),
    (5, 1, 3, "10", 5472, 10, 170, 227, 2052, 2622, 570, 3, 4560,
     "011010010001110110 1100000100000", dict(q=6)),
]
WORKED = [
    ("7.1", [0, 5, 0, 1], 4, 1, 1, 0, [0x0F, 0x9B, 0xA0], [0x40], 11,
     "000011111001101110100000", "01", EX1_ROWS, [0, 5, 0, 1]),
    ("7.2", [-3, 2, 4, -1], 2, 2, 0, 0, [0x4C, 0x8A, 0x04, 0x00], [0xC8, 0x80], 12,
     "0100110010001010000001000", "110010001", EX2_ROWS, [-3, 2, 4, -1]),
    ("7.3", [7, 9, 0, 3, 2, 12], 3, 2, 1, 1, [0x69, 0x1D, 0xB0, 0x40], [0x14], 18,
     "0110100100011101101100000100000", "0001010", EX3_ROWS, [8, 10, 0, 4, 2, 12]),
]
# §7.1 decoding table: (bits read, V, ctx, u(1) ... u(8), j, u(j))
EX1_DECODE = [
    ("0000111110011", 499, 0, [1351, 2206, 3061, 3916, 4771, 5626, 6481, 7336], 0, 0),
    ("01", 1997, 0, [844, 1414, 1984, 2554, 3124, 3694, 4264, 4834], 3, 1984),
    ("110", 110, 3, [912, 1368, 1824, 2280, 2736, 3192, 3648, 4104], 0, 0),
    ("100", 884, 0, [884, 1654, 2424, 3432, 4202, 4986, 5756, 6526], 1, 884),
]
FIELDS = ["t", "ctx", "k", "raw", "rng", "qR", "e[k]", "e[k+1]", "u(k)", "u(k+1)", "rng'", "d",
          "rng after", "L after"]


def check_worked():
    """Yields (label, list of disagreements)."""
    for (sec, xs, W, H, U, k, ac_w, raw_w, D, ac_s, raw_s, rows, outp) in WORKED:
        diffs = []
        trace = []
        acw, raww, acb, rawb, d_ = encode(xs, 8, W, H, U, k, trace)
        for name, got, want in (("ac words", acw, ac_w), ("raw words", raww, raw_w),
                                ("D", d_, D), ("ac bits", acb, ac_s), ("raw bits", rawb, raw_s)):
            if got != want:
                diffs.append(f"{name}: spec {want}, computed {got}")
        for t, row in enumerate(trace):
            got = (t, row["ctx"], row["k"], row["raw"], row["rng"], row["qR"], row["e"][0],
                   row["e"][1], row["u"][0], row["u"][1], row["rngp"], row["d"],
                   row["rng_after"], row["L"])
            for f, g, w in zip(FIELDS, got, rows[t][:14]):
                if g != w:
                    diffs.append(f"t={t} {f}: spec {w}, computed {g}")
            for f, w in rows[t][14].items():
                if row[f] != w:
                    diffs.append(f"t={t} {f}: spec {w}, computed {row[f]}")
        dtrace = []
        try:
            out = decode(ac_w, raw_w, 8, W, H, U, k, len(xs), dtrace)
            if out != outp:
                diffs.append(f"decoded {out}, spec {outp}")
        except McrcError as e:
            diffs.append(f"decoder: {e.name} at t={e.t}")
        if sec == "7.1":
            for t, (bits, V, c, u, j, uj) in enumerate(EX1_DECODE):
                r = dtrace[t]
                for f, w in (("bits", bits), ("V", V), ("ctx", c), ("u", u), ("j", j),
                             ("uj", uj)):
                    if r[f] != w:
                        diffs.append(f"decode t={t} {f}: spec {w}, computed {r[f]}")
        yield f"§{sec} worked example (every table cell, streams, output)", diffs
    # §4.1: the initial e[i] for m = 8
    e = Model(8).cum(0)[1:9]
    want = [56, 113, 170, 227, 284, 341, 398, 455]
    yield "§4.1 initial frequencies (m = 8)", ([] if e == want else [f"spec {want}, got {e}"])


# ---- §7.4 and further §6.3 errors ----

EX1P = (8, 4, 1, 1, 0, 4)                        # m, W, H, U, k, N of example 1
AC1, RAW1 = [0x0F, 0x9B, 0xA0], [0x40]
EX2P = (8, 2, 2, 0, 0, 4)                        # m, W, H, U, k, N of example 2
RAW2 = [0xC8, 0x80]                              # raw stream of example 2
# (label, ac, raw, (m, W, H, U, k, N), expected: decoded values, or the error name, or
#  (error name, number of values output before it[, final V of AcCheck]))
ERROR_EXAMPLES = [
    ("§7.4 ac = FF F8 A0", [0xFF, 0xF8, 0xA0], RAW1, EX1P, ("AcStart", 0)),
    # the 24 bits fill the 3 words; bits 13..14 are the d = 2 renormalization bits of t = 0,
    # read in step 1 of t = 1, bits 15..17 those of t = 1, read in step 1 of t = 2
    ("§7.4 ac = 0F 9B", [0x0F, 0x9B], RAW1, EX1P, ("AcTruncated", 2)),
    # A1 sets bit 23, the last of the d = 3 bits 21..23 of t = 3: V = 001 = 1
    ("§7.4 ac = 0F 9B A1", [0x0F, 0x9B, 0xA1], RAW1, EX1P, ("AcCheck", 4, 1)),
    ("§7.4 ac = 0F 9B A0 00", [0x0F, 0x9B, 0xA0, 0x00], RAW1, EX1P, ("AcTrailing", 4)),
    # example 2: 25 ac bits, the 7 padding bits of word 3 must be 0
    ("§7.4 example 2, ac = 4C 8A 04 01", [0x4C, 0x8A, 0x04, 0x01], RAW2, EX2P, ("AcTrailing", 4)),
    ("§7.4 raw = (empty)", AC1, [], EX1P, ("RawTruncated", 1)),
    ("§7.4 raw = 41", AC1, [0x41], EX1P, ("RawTrailing", 4)),
    ("§7.4 raw = 40 00", AC1, [0x40, 0x00], EX1P, ("RawTrailing", 4)),
    # further cases of §6.2/§6.3
    ("N = 0, both empty", [], [], (8, 4, 1, 1, 0, 0), []),
    ("N = 0, ac word", [0x00], [], (8, 4, 1, 1, 0, 0), "AcTrailing"),
    ("N = 0, raw word", [], [0x00], (8, 4, 1, 1, 0, 0), "RawTrailing"),
    ("N = 0, both (ac first)", [0x00], [0x00], (8, 4, 1, 1, 0, 0), "AcTrailing"),
    ("ac empty", [], RAW1, EX1P, "AcTruncated"),
    ("ac = 0F (fewer than 13 bits)", [0x0F], RAW1, EX1P, "AcTruncated"),
    ("ac = FF (truncated before AcStart)", [0xFF], RAW1, EX1P, "AcTruncated"),
    ("ac = FF F8, raw empty (AcStart first)", [0xFF, 0xF8], [], EX1P, "AcStart"),
    ("ac = 0F 9B A2 (bit 22 flipped)", [0x0F, 0x9B, 0xA2], RAW1, EX1P, ("AcCheck", 4, 2)),
    ("raw empty and a trailing ac word (RawTruncated first)",
     [0x0F, 0x9B, 0xA0, 0x01], [], EX1P, "RawTruncated"),
    ("AcCheck before AcTrailing/RawTrailing", [0x0F, 0x9B, 0xA1, 0x01], [0x41], EX1P, "AcCheck"),
    ("AcTrailing before RawTrailing", [0x0F, 0x9B, 0xA0, 0x01], [0x41], EX1P, "AcTrailing"),
    ("example 2, AcTrailing before RawTrailing", [0x4C, 0x8A, 0x04, 0x01], [0xC8, 0x81], EX2P,
     "AcTrailing"),
    ("raw = 40 bit flipped, same length: no error", AC1, [0x00], EX1P, [0, 4, 0, 1]),
]


def residual_range_examples():
    """§6.1 step 4 / §7.4 last paragraph: class-8 values with U = 0 (example 2's W, H)."""
    ex = []
    for label, bits, want in (
            ("a = 129 (non-zero mantissa), sign 1", "0000001" + "1", "ResidualRange"),
            ("a = 255, sign 0", "1111111" + "0", "ResidualRange"),
            ("a = 128, sign 0 (r = +128)", "0000000" + "0", "ResidualRange"),
            ("a = 128, sign 1 (r = -128, valid)", "0000000" + "1", [-128])):
        ac, raw, _ = encode_classes(8, 2, 2, [8], [bits])
        ex.append((f"ResidualRange: N = 1 U = 0 class 8, {label}", pack(ac, 8), pack(raw, 8),
                   (8, 2, 2, 0, 0, 1), want))
    # a class-8 value as t = 2 after two valid values: the error is at t = 2, outputs 2 values
    ac, raw, _ = encode_classes(8, 2, 2, [2, 2, 8, 2], ["11", "00", "00000011", "01"])
    ex.append(("ResidualRange at t = 2 of example 2's shape", pack(ac, 8), pack(raw, 8),
               (8, 2, 2, 0, 0, 4), ("ResidualRange", 2)))
    # the raw stream ends right before the sign of a class-8 value whose a = 129 is already out
    # of range: step 3 (RawTruncated) comes before step 4 (ResidualRange)
    ac, raw, _ = encode_classes(8, 2, 2, [1, 8], ["1", "0000001"])
    ex.append(("class 8 a = 129 without its sign bit (RawTruncated first)", pack(ac, 8),
               pack(raw, 8), (8, 2, 2, 0, 0, 2), "RawTruncated"))
    # m = 16: a = 2^15 + 1
    ac, raw, _ = encode_classes(16, 2, 2, [16], ["0" * 14 + "1" + "1"])
    ex.append(("ResidualRange m = 16 class 16", pack(ac, 16), pack(raw, 16),
               (16, 2, 2, 0, 0, 1), "ResidualRange"))
    # U = 1: class m with any bits is valid (a = 2^m - 1 is the word -1)
    ac, raw, _ = encode_classes(8, 2, 2, [8], ["1111111"])
    ex.append(("U = 1 class 8 a = 255 (valid: -1)", pack(ac, 8), pack(raw, 8),
               (8, 2, 2, 1, 0, 1), [-1]))
    return ex


def show(r):
    if isinstance(r, list):
        return f"decoded {r}"
    if isinstance(r, tuple):
        return f"{r[0]} after {r[1]} values" + (f", V = {r[2]}" if len(r) > 2 else "")
    return r


def run_examples(examples):
    failures = 0
    for (label, ac, raw, (m, W, H, U, k, N), want) in examples:
        try:
            got = decode(ac, raw, m, W, H, U, k, N)
        except McrcError as e:
            got = e.name
            if isinstance(want, tuple):
                got = (e.name, len(e.out)) + ((e.V,) if len(want) > 2 else ())
        ok = got == want
        failures += 0 if ok else 1
        print(f"{'PASS' if ok else 'FAIL'} error example {label}: "
              f"{show(got)} (expected: {show(want)})")
    return failures


def random_checks(seed=1):
    """Round trips through the spec encoder on random inputs of every parameter kind, and
    mutated streams: the decoder must return values or a McrcError, never crash."""
    rnd = random.Random(seed)
    failures = 0
    for it in range(300):
        m = rnd.choice((8, 16))
        W, H = rnd.randint(1, 6), rnd.randint(1, 4)
        U, k, N = rnd.randint(0, 1), rnd.choice((0, 0, 1, 2, 7)), rnd.randint(0, 40)
        half = 1 << (m - 1)
        style = rnd.randint(0, 2)
        xs = [rnd.randint(-half, half - 1) if style == 0 else
              rnd.choice((-half, half - 1, 0, -1, 1)) if style == 1 else
              max(0, int(rnd.gauss(0, 20))) for _ in range(N)]
        ac, raw, _, _, _ = encode(xs, m, W, H, U, k)
        want = [reconstruct(x, m, k)[1] for x in xs]
        try:
            got = decode(ac, raw, m, W, H, U, k, N)
        except McrcError as e:
            got = e.name
        if got != want:
            print(f"FAIL random round trip {it}: m={m} W={W} H={H} U={U} k={k} N={N}")
            failures += 1
        for _ in range(5):
            a2, r2 = list(ac), list(raw)
            s = rnd.choice((a2, r2))
            op = rnd.randint(0, 2)
            if op == 0 and s:
                i = rnd.randrange(len(s))
                s[i] ^= 1 << rnd.randrange(m)
            elif op == 1 and s:
                del s[rnd.randrange(len(s)):]
            else:
                s.append(rnd.randrange(1 << m))
            try:
                decode(a2, r2, m, W, H, U, k, N)
            except McrcError:
                pass
            except Exception as e:          # noqa: BLE001
                print(f"FAIL random mutation {it}: {type(e).__name__}: {e}")
                failures += 1
    print(f"{'PASS' if not failures else 'FAIL'} 300 random round trips with 1500 mutated "
          f"streams")
    return failures


def main(argv):
    if len(argv) != 1:
        print("usage: mcrc_spec_decoder.py <verif/vectors/mcrc>", file=sys.stderr)
        return 2
    root, failures, count = argv[0], 0, 0
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if not os.path.isdir(d):
            continue
        count += 1
        with open(os.path.join(d, "params.json")) as f:
            p = json.load(f)
        m, W, H, U, k, N = (p["data_width"], p["plane_w"], p["plane_h"], p["unsigned"],
                            p["near"], p["num_words"])
        ac, raw = read_hex(os.path.join(d, "ac.hex")), read_hex(os.path.join(d, "raw.hex"))
        xs = read_npy(os.path.join(d, "input.npy"))
        problems = []
        if p.get("codec") != "mcrc":
            problems.append(f"codec {p.get('codec')}")
        if len(xs) != N or len(ac) != p["ac_words"] or len(raw) != p["raw_words"]:
            problems.append("word counts differ from params.json")
        try:
            out = decode(ac, raw, m, W, H, U, k, N)
        except McrcError as e:
            print(f"FAIL {name}: error {e.name} at value {e.t}")
            failures += 1
            continue
        want = [reconstruct(x, m, k)[1] for x in xs]
        if k == 0 and out != xs:
            problems.append("decoded != input")
        if out != want:
            i = next(j for j, (a, b) in enumerate(zip(out + [None], want + [None])) if a != b)
            problems.append(f"first mismatch with the §2 reconstruction at word {i}")
        if k > 0 and any(abs(a - b) > 1 << (k - 1) for a, b in zip(out, xs)):
            problems.append(f"error above 2^(k-1) = {1 << (k - 1)}")
        eac, eraw, _, _, _ = encode(xs, m, W, H, U, k)
        if (eac, eraw) != (ac, raw):
            problems.append("the §5 encoder does not reproduce the streams")
        if problems:
            print(f"FAIL {name}: " + "; ".join(problems))
            failures += 1
        else:
            print(f"PASS {name}: {N} words from {len(ac)} ac + {len(raw)} raw words "
                  f"(m={m} W={W} H={H} U={U} near={k}; re-encoded bit-exactly)")
    for label, diffs in check_worked():
        failures += 1 if diffs else 0
        print(f"{'PASS' if not diffs else 'FAIL'} {label}" + "".join("\n    " + x for x in diffs))
    examples = ERROR_EXAMPLES + residual_range_examples()
    failures += run_examples(examples)
    failures += random_checks()
    if count == 0:
        print(f"FAIL no vectors under {root}")
        return 1
    print(f"{count} vectors, 3 worked examples, {len(examples)} error examples, "
          f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
