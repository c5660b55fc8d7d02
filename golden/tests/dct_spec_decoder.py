#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An independent DCT decoder written from docs/dct-format.md §1-§6 alone (not from the golden
model), as the check that the specification suffices to decode our streams. Run by ctest
(golden/dct_spec_decoder) on every known-answer vector of verif/vectors/dct (params.json,
tile.hex, and the expected reconstruction output.npy) and on the error examples of §7.

    dct_spec_decoder.py <verif/vectors/dct>

Python standard library only.
"""
import ast
import json
import os
import struct
import sys

ERRORS = {1: "Truncated", 2: "Trailing", 3: "EmptyTile", 4: "CoefficientRange", 5: "ValueRange",
          6: "RiceEscape"}

# §3.2 the HEVC 4-point matrix M[u][i]; §3.1 the scan: scan position -> raster index 4u + v.
M = [[64, 64, 64, 64], [83, 36, -36, -83], [64, -64, -64, 64], [36, -83, 83, -36]]
SCAN = [0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15]


class DctError(Exception):
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
        v = 0
        for _ in range(n):
            if self.pos >= self.L:
                raise DctError(1, self.L)        # Truncated
            v = (v << 1) | self.bit(self.pos)
            self.pos += 1
        return v


def rnd(v, k):
    """round(v, k) = (v + 2^(k-1)) >> k, floor shift."""
    return (v + (1 << (k - 1))) >> k


def inverse(G, m):
    """§3.2: G[u][v] -> y[i][j]."""
    lim = 1 << (m + 7)
    Y1 = [[max(-lim, min(lim - 1, rnd(sum(M[u][i] * G[u][v] for u in range(4)), 7)))
           for v in range(4)] for i in range(4)]
    return [[rnd(sum(Y1[i][v] * M[v][j] for v in range(4)), 11) for j in range(4)]
            for i in range(4)]


def rice(bs, k):
    """§2.4 Rice_k with the escape."""
    ones = 0
    while ones < 12:
        if bs.read(1) == 0:
            break
        ones += 1
    if ones == 12:
        a = bs.read(16)
        if a < 12 << k:
            raise DctError(6, bs.pos - 1)        # RiceEscape
        return a
    return (ones << k) | bs.read(k)


def tiles(W, H, N):
    """§2.1: yield (first_in_plane, cw, present positions [(i, j, cell index)]) in tile order."""
    HW = H * W
    nplanes = (N + HW - 1) // HW
    for p in range(nplanes):
        for y0 in range(0, H, 4):
            for x0 in range(0, W, 4):
                cw = min(4, W - x0)
                cells = [(i, j, p * HW + (y0 + i) * W + x0 + j)
                         for i in range(min(4, H - y0)) for j in range(cw)
                         if p * HW + (y0 + i) * W + x0 + j < N]
                if not cells:
                    return
                yield (y0 == 0 and x0 == 0), cells


def decode(words, m, W, H, s, U, N):
    assert m in (8, 16) and 4 <= s <= 9
    S = s + m - 8
    kp = S - 4
    lo, hi = (0 if U else -(1 << (m - 1))), (1 << (m - 1)) - 1
    Q, V = 1 << (13 - s), 1 << (11 - s)
    clamp = lambda v: max(lo, min(hi, v))
    out = [0] * N
    bs = Bits(words, m)
    P = 0
    for first, cells in tiles(W, H, N):
        if first:
            P = 0
        if bs.read(1) == 0:                     # empty
            P = 0
            continue
        if bs.read(1) == 0:                     # transform
            z = 0
            while bs.read(1) == 0:
                z += 1
                if z == 14 - s:
                    raise DctError(4, bs.pos - 1)    # CoefficientRange: prefix
            u = ((1 << (z + 2)) | bs.read(z + 2)) - 4
            d = u // 2 if u % 2 == 0 else -(u + 1) // 2
            q = [0] * 16
            q[0] = P + d
            if abs(q[0]) > Q:
                raise DctError(4, bs.pos - 1)        # CoefficientRange: DC
            last = bs.read(4)
            if last == 0 and q[0] == 0:
                raise DctError(3, bs.pos - 1)        # EmptyTile
            if last > 0:
                k = bs.read(3)
                for i in range(1, last + 1):
                    if i < last and bs.read(1) == 0:
                        continue
                    mag = rice(bs, k) + 1
                    if mag > Q:
                        raise DctError(4, bs.pos - 1)    # CoefficientRange: AC
                    q[SCAN[i]] = -mag if bs.read(1) else mag
            G = [[q[4 * u + v] << S for v in range(4)] for u in range(4)]
            y = inverse(G, m)
            for (i, j, c) in cells:
                out[c] = clamp(y[i][j])
            P = q[0]
        else:                                   # spatial
            k = bs.read(3)
            any_value = False
            for (i, j, c) in cells:
                if bs.read(1) == 0:
                    continue
                any_value = True
                mag = rice(bs, k) + 1
                if mag > V:
                    raise DctError(5, bs.pos - 1)        # ValueRange
                w = -mag if (not U and bs.read(1)) else mag
                out[c] = clamp(w << kp)
            if not any_value:
                raise DctError(3, bs.pos - 1)            # EmptyTile
    # §6 end of stream
    end = bs.pos
    if end % m:
        for b in range(end, (end // m + 1) * m):
            if bs.bit(b):
                raise DctError(2, b)             # Trailing: padding
    used = (end + m - 1) // m
    if len(words) > used:
        raise DctError(2, used * m)              # Trailing: extra word
    return out


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
    body = data[off + hlen:]
    fmt = {"|i1": "b", "<i1": "b", "i1": "b", "<i2": "h"}[header["descr"]]
    count = len(body) // struct.calcsize(fmt)
    return list(struct.unpack("<%d%s" % (count, fmt), body))


# §7 examples: (m, W, H, s, U, N, words, expected output or error name).
EX1 = [0x85, 0xC6, 0x79, 0x58]
PE = (8, 4, 1, 7, 0, 4)
EXAMPLES = [
    (8, 4, 4, 7, 0, 16, EX1, [21, 28, 40, 47, 37, 44, 56, 63, 37, 44, 56, 63, 21, 28, 40, 47]),
    (8, 4, 4, 7, 1, 16, [0xD1, 0x80, 0x39, 0x00], [0, 0, 40, 0, 0, 0, 0, 0, 0, 80, 0, 0, 0, 0, 0, 0]),
    (8, 8, 4, 7, 0, 38, [0x85, 0x44, 0x35, 0x8A, 0x10, 0xD5, 0xAD, 0xAA],
     [30, 33, 38, 41, 46, 49, 54, 57, 32, 35, 39, 42, 48, 51, 55, 58, 34, 37, 41, 44, 50, 53, 57,
      60, 35, 38, 43, 46, 51, 54, 59, 62, 0, 0, 0, 0, 64, -24]),
    PE + ([0xA0, 0x00], "EmptyTile"),
    PE + ([0xC0, 0x00], "EmptyTile"),
    PE + ([0x80, 0x00], "CoefficientRange"),
    PE + ([0x81, 0x0C, 0x00], "CoefficientRange"),
    PE + ([0xB0, 0x8F, 0xFF, 0x00, 0x40, 0x00], "CoefficientRange"),
    PE + ([0xE6, 0x00], "ValueRange"),
    PE + ([0xB0, 0x8F, 0xFF, 0x00, 0x05, 0x00], "RiceEscape"),
    (8, 4, 4, 7, 0, 16, EX1[:-1], "Truncated"),
    (8, 4, 4, 7, 0, 16, EX1[:-1] + [0x59], "Trailing"),
    (8, 4, 4, 7, 0, 16, EX1 + [0x00], "Trailing"),
    (8, 4, 4, 7, 0, 16, [], "Truncated"),
    (8, 4, 4, 7, 0, 0, [0x00], "Trailing"),
]


def main(argv):
    if len(argv) != 1:
        print("usage: dct_spec_decoder.py <verif/vectors/dct>", file=sys.stderr)
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
        with open(os.path.join(d, "tile.hex")) as f:
            words = [int(x, 16) for x in f.read().split()]
        expected = read_npy(os.path.join(d, "output.npy"))
        try:
            out = decode(words, m, p["plane_w"], p["plane_h"], p["shift"], p["unsigned"],
                         p["num_words"])
        except DctError as e:
            print(f"FAIL {name}: error {e.name} at bit {e.bitpos}")
            failures += 1
            continue
        if out != expected:
            i = next(k for k, (a, b) in enumerate(zip(out + [None], expected + [None])) if a != b)
            print(f"FAIL {name}: first mismatch at word {i}")
            failures += 1
        else:
            print(f"PASS {name}: {len(out)} words from {len(words)} stream words")
    for (m, w, h, s, u, n, words, want) in EXAMPLES:
        try:
            got = decode(words, m, w, h, s, u, n)
        except DctError as e:
            got = e.name
        ok = got == want
        failures += 0 if ok else 1
        print(f"{'PASS' if ok else 'FAIL'} example {[hex(x) for x in words]}: "
              f"{got if isinstance(got, str) else 'decoded'} (spec: "
              f"{want if isinstance(want, str) else 'decoded'})")
    if count == 0:
        print(f"FAIL no vectors under {root}")
        return 1
    print(f"{count} vectors, {len(EXAMPLES)} examples, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
