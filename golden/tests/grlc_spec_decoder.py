#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An independent GRLC decoder written from docs/grlc-format.md §1-§5 alone (not from the golden
model), as the check that the specification suffices to decode our streams. Run by ctest
(golden/grlc_spec_decoder) on every known-answer vector of verif/vectors/grlc (params.json,
grid.hex, input.npy) and on the error examples of §6.

    grlc_spec_decoder.py <verif/vectors/grlc>

Python standard library only.
"""
import ast
import json
import os
import struct
import sys

ERRORS = {1: "Truncated", 2: "Trailing", 3: "EmptyGrid", 4: "ZeroValue", 5: "ValueRange"}


class GrlcError(Exception):
    def __init__(self, code, bitpos):
        super().__init__(ERRORS[code])
        self.code, self.name, self.bitpos = code, ERRORS[code], bitpos


class Bits:
    def __init__(self, words, m):
        self.words, self.m = words, m
        self.L = len(words) * m
        self.pos = 0

    def bit(self, p):
        w, o = divmod(p, self.m)
        return (self.words[w] >> (self.m - 1 - o)) & 1

    def read(self, n):
        if self.pos + n > self.L:
            raise GrlcError(1, self.L)          # Truncated
        v = 0
        for _ in range(n):
            v = (v << 1) | self.bit(self.pos)
            self.pos += 1
        return v


def grids(GH, GW, W, H, N):
    """Yield lists of cell indices (grid order) for every coded grid."""
    if N == 0:
        return
    HW = H * W
    nplanes = (N + HW - 1) // HW
    for p in range(nplanes):
        for y0 in range(0, H, GH):
            for x0 in range(0, W, GW):
                cells = [p * HW + y * W + x
                         for y in range(y0, min(y0 + GH, H))
                         for x in range(x0, min(x0 + GW, W))
                         if p * HW + y * W + x < N]
                if not cells:
                    return          # end of a partial plane: stream ends here
                yield cells


def decode(words, m, GH, GW, W, H, N):
    assert m in (8, 16)
    wd_bits = {8: 3, 16: 4}[m]
    out = [0] * N
    bs = Bits(words, m)
    for cells in grids(GH, GW, W, H, N):
        S = len(cells)
        if bs.read(1) == 0:
            continue
        D = bs.read(1)
        U = bs.read(1)
        b = bs.read(wd_bits) + 1

        def value():
            v = bs.read(b)
            if U:
                if v >= 1 << (m - 1):
                    raise GrlcError(5, bs.pos - b)   # ValueRange
            elif v >= 1 << (b - 1):
                v -= 1 << b
            return v

        if D == 0:
            bitmap = [bs.read(1) for _ in range(S)]
            if not any(bitmap):
                raise GrlcError(3, bs.pos)           # EmptyGrid
            for c, f in zip(cells, bitmap):
                if f:
                    start = bs.pos
                    v = value()
                    if v == 0:
                        raise GrlcError(4, start)    # ZeroValue
                    out[c] = v
        else:
            anynz = False
            for c in cells:
                v = value()
                anynz |= v != 0
                out[c] = v
            if not anynz:
                raise GrlcError(3, bs.pos)           # EmptyGrid
    # end-of-stream checks
    P = bs.pos
    if P % m:
        for q in range(P, (P // m + 1) * m):
            if bs.bit(q):
                raise GrlcError(2, q)                # Trailing: padding
    used = (P + m - 1) // m
    if len(words) > used:
        raise GrlcError(2, used * m)                 # Trailing: extra word
    return out



def read_npy(path):
    """The values of a little-endian int8/int16 .npy file (any shape, C order)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not a .npy file")
    major = data[6]
    if major == 1:
        hlen, off = struct.unpack_from("<H", data, 8)[0], 10
    else:
        hlen, off = struct.unpack_from("<I", data, 8)[0], 12
    header = ast.literal_eval(data[off:off + hlen].decode("latin1"))
    body = data[off + hlen:]
    fmt = {"|i1": "b", "<i1": "b", "i1": "b", "<i2": "h"}[header["descr"]]
    count = len(body) // struct.calcsize(fmt)
    return list(struct.unpack("<%d%s" % (count, fmt), body))


# §6 error examples: (m, GH, GW, W, H, N, words, error name).
EX1 = [0x55, 0x35, 0xC6, 0xDC, 0xE0]
ERROR_EXAMPLES = [
    (8, 1, 4, 4, 1, 4, [0xA0, 0x00], "EmptyGrid"),
    (8, 1, 4, 4, 1, 4, [0xE0, 0x00], "EmptyGrid"),
    (8, 1, 4, 4, 1, 4, [0xA2, 0x00], "ZeroValue"),
    (8, 1, 4, 4, 1, 4, [0xFF, 0xFC, 0x04, 0x04, 0x04], "ValueRange"),
    (8, 2, 4, 6, 3, 18, EX1[:-1], "Truncated"),
    (8, 2, 4, 6, 3, 18, EX1[:-1] + [0xE1], "Trailing"),
    (8, 2, 4, 6, 3, 18, EX1 + [0x00], "Trailing"),
    (8, 2, 4, 6, 3, 18, [], "Truncated"),
    (8, 2, 4, 6, 3, 0, [0x00], "Trailing"),
]


def main(argv):
    if len(argv) != 1:
        print("usage: grlc_spec_decoder.py <verif/vectors/grlc>", file=sys.stderr)
        return 2
    root, failures, count = argv[0], 0, 0
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if not os.path.isdir(d):
            continue
        count += 1
        with open(os.path.join(d, "params.json")) as f:
            p = json.load(f)
        m = p["data_width"]
        with open(os.path.join(d, "grid.hex")) as f:
            words = [int(x, 16) for x in f.read().split()]
        expected = read_npy(os.path.join(d, "input.npy"))
        try:
            out = decode(words, m, p["grid_h"], p["grid_w"], p["plane_w"], p["plane_h"],
                         p["num_words"])
        except GrlcError as e:
            print(f"FAIL {name}: error {e.name} at bit {e.bitpos}")
            failures += 1
            continue
        if out != expected:
            i = next(k for k, (a, b) in enumerate(zip(out + [None], expected + [None])) if a != b)
            print(f"FAIL {name}: first mismatch at word {i}")
            failures += 1
        else:
            print(f"PASS {name}: {len(out)} words from {len(words)} stream words")
    for (m, gh, gw, w, h, n, words, want) in ERROR_EXAMPLES:
        try:
            decode(words, m, gh, gw, w, h, n)
            got = "no error"
        except GrlcError as e:
            got = e.name
        ok = got == want
        failures += 0 if ok else 1
        print(f"{'PASS' if ok else 'FAIL'} error example {[hex(x) for x in words]}: {got} (spec: {want})")
    if count == 0:
        print(f"FAIL no vectors under {root}")
        return 1
    print(f"{count} vectors, {len(ERROR_EXAMPLES)} error examples, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
