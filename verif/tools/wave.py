#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`make wave`: an FST trace of one short randomized run of one core and a GTKWave save file that
opens it with the core's ports grouped.

    wave.py --cosim BUILD/bin/fmc_cosim --codec mcrc --core encoder [--config w8_p128]
            [--seed 1] [--max-len 64] [--out out/wave]

Runs `fmc_cosim random --trace FILE` (the shared option that traces a whole run, pass or fail:
1..6 back-to-back transmissions of at most --max-len words, random back-pressure), then reads the
FST's hierarchy (the top module's scope) and the top module's port declarations (the cores table
synth/configs.json names the top and its file list) and writes `<codec>_<core>_<config>_seed<N>.gtkw`
beside the `.fst`: clock/reset, the configuration inputs, one group per stream port (valid,
ready, data, last, the descriptor fields), then the status outputs (errors, idle). Every port of
the RTL must be in the trace, else it fails. Open it with `gtkwave FILE.gtkw`.

    wave.py --gtkw-only FILE.fst --codec C --core R    the save file of an existing trace

Python standard library only.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "synth"))
import fmc_cores  # noqa: E402  (the cores table reader every tool shares)

# ---------------------------------------------------------------------------------------------
# FST hierarchy (the format of GTKWave's fstapi.c, which Verilator's FST writer uses)

_BL_HIER, _BL_HIER_LZ4, _BL_HIER_LZ4DUO = 4, 6, 7
_ST_VCD_SCOPE, _ST_VCD_UPSCOPE, _ST_ATTRBEGIN, _ST_ATTREND = 254, 255, 252, 253


class FstError(Exception):
    """An FST file this reader cannot take (the message says why)."""


def _varint(buf, i):
    """Unsigned LEB128 at buf[i]: (value, next index)."""
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def _lz4_length(src, i, base):
    """An LZ4 length field: `base` (4 bits of the token), extended by bytes while it is 15 and
    each extension byte is 255. Returns (length, next index)."""
    if base == 15:
        while True:
            b = src[i]
            i += 1
            base += b
            if b != 255:
                break
    return base, i


def _lz4_block(src, size):
    """Decompresses one LZ4 block (no frame) of `size` output bytes."""
    dst = bytearray()
    i = 0
    n = len(src)
    while i < n:
        token = src[i]
        i += 1
        lit, i = _lz4_length(src, i, token >> 4)
        dst += src[i:i + lit]
        i += lit
        if i >= n:
            break
        off = src[i] | (src[i + 1] << 8)
        i += 2
        ml, i = _lz4_length(src, i, token & 15)
        ml += 4
        if off == 0 or off > len(dst):
            raise FstError("corrupt LZ4 block")
        start = len(dst) - off
        for k in range(ml):
            dst.append(dst[start + k])
    if len(dst) != size:
        raise FstError(f"LZ4 block gave {len(dst)} bytes, expected {size}")
    return bytes(dst)


def fst_hierarchy(path):
    """The uncompressed hierarchy section of an FST file."""
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 9 <= len(data):
        btype = data[i]
        seclen = int.from_bytes(data[i + 1:i + 9], "big")
        if seclen < 8:
            raise FstError(f"{path}: bad block length at offset {i}")
        body = data[i + 9:i + 1 + seclen]
        if btype in (_BL_HIER, _BL_HIER_LZ4, _BL_HIER_LZ4DUO):
            uclen = int.from_bytes(body[:8], "big")
            comp = body[8:]
            if btype == _BL_HIER:
                return gzip.decompress(comp)
            if btype == _BL_HIER_LZ4:
                return _lz4_block(comp, uclen)
            mid, j = _varint(comp, 0)
            return _lz4_block(_lz4_block(comp[j:], mid), uclen)
        i += 1 + seclen
    raise FstError(f"{path}: no hierarchy block (trace not closed?)")


def fst_vars(path):
    """[(scope, name)] of every variable of an FST: scope is the dotted scope path ("TOP.zvc_encoder"),
    name as GTKWave shows it (a vector with its range, "data_i[7:0]")."""
    h = fst_hierarchy(path)
    scopes, out = [], []
    i = 0
    while i < len(h):
        t = h[i]
        i += 1
        if t == _ST_VCD_SCOPE:
            i += 1  # scope type
            e = h.index(0, i)
            scopes.append(h[i:e].decode())
            i = h.index(0, e + 1) + 1  # component
        elif t == _ST_VCD_UPSCOPE:
            scopes.pop()
        elif t == _ST_ATTRBEGIN:
            i += 2
            i = h.index(0, i) + 1
            _, i = _varint(h, i)
        elif t == _ST_ATTREND:
            pass
        elif t <= 29:  # a variable: type, direction, name, length, alias
            i += 1
            e = h.index(0, i)
            name = h[i:e].decode().replace(" ", "")
            _, i = _varint(h, e + 1)
            _, i = _varint(h, i)
            out.append((".".join(scopes), name))
        else:
            raise FstError(f"{path}: unknown hierarchy record {t}")
    return out


# ---------------------------------------------------------------------------------------------
# The core's ports and their groups

_PORT = re.compile(r"^\s*(input|output)\s+(?:logic|wire|bit)?\s*(?:signed\s*)?(\[[^\]]*\]\s*)*(\w+)\s*,?")


def rtl_ports(sv_path, top):
    """[(direction, name)] of the ports of module `top` in `sv_path`, in declaration order (ANSI
    headers with one port per line, as every core of this repository has)."""
    with open(sv_path) as f:
        text = f.read()
    m = re.search(r"^module\s+" + re.escape(top) + r"\b(.*?)\);", text, re.S | re.M)
    if not m:
        raise SystemExit(f"wave: error: no module {top} in {sv_path}")
    ports = []
    for line in m.group(1).splitlines():
        line = line.split("//")[0]
        p = _PORT.match(line)
        if p:
            ports.append((p.group(1), p.group(3)))
    return ports


def core_entry(codec, role):
    """The cores table's entry of <codec>_<role>."""
    for c in fmc_cores.load_cores():
        if c["core"] == f"{codec}_{role}":
            return c
    raise SystemExit(f"wave: error: no core {codec}_{role} in {fmc_cores.TABLE}")


def top_ports(entry):
    """The RTL ports of a core (its top module, the last file of its file list)."""
    files = fmc_cores.read_filelist(os.path.join(fmc_cores.REPO_ROOT, entry["filelist"]))
    return rtl_ports(os.path.join(fmc_cores.REPO_ROOT, files[-1]), entry["top"])


def port_groups(ports, clock="clk_i", reset="rst_ni"):
    """[(group name, [port names])]: clock/reset (with the synchronous clear), config (cfg_*),
    one group per stream (a prefix with a <prefix>_valid_* port: valid, ready, data, last, then its
    other fields), status (everything else: errors, idle)."""
    names = [n for _, n in ports]
    base = {n: re.sub(r"_(i|o)$", "", n) for n in names}
    streams = [base[n][:-len("_valid")] for n in names if base[n].endswith("_valid")]
    groups = [("clock/reset", []), ("config", [])] + [(f"stream {s}", []) for s in streams]
    status = []
    order = {"valid": 0, "ready": 1, "data": 2, "last": 3}
    for n in names:
        b = base[n]
        if n in (clock, reset) or b in ("clear", "clk", "rst_n"):
            groups[0][1].append(n)
        elif b.startswith("cfg_"):
            groups[1][1].append(n)
        else:
            s = next((s for s in sorted(streams, key=len, reverse=True) if b.startswith(s + "_")), None)
            if s is None:
                status.append(n)
            else:
                groups[2 + streams.index(s)][1].append(n)
    for g in groups[2:]:
        g[1].sort(key=lambda n: order.get(base[n].rsplit("_", 1)[-1], 4))
    groups.append(("status", status))
    return [g for g in groups if g[1]]


def write_gtkw(path, fst_path, groups, signal):
    """The GTKWave save file: [dumpfile], then each group as a blank trace opening it (flags
    @800200, `-name`), its signals (@28 one bit, binary; @22 a vector, hex), and the closing blank
    trace (@1000200)."""
    scope = signal[groups[0][1][0]].rsplit(".", 1)[0]
    lines = ["[*]", "[*] generated by verif/tools/wave.py (make wave); open with: gtkwave "
             + os.path.basename(path), "[*]",
             f'[dumpfile] "{os.path.abspath(fst_path)}"',
             f'[savefile] "{os.path.abspath(path)}"',
             "[timestart] 0", "[size] 1400 900", "[pos] -1 -1",
             "[treeopen] TOP.", f"[treeopen] {scope}.",
             "[sst_width] 240", "[signals_width] 260", "[sst_expanded] 1",
             "[sst_vpaned_height] 250"]
    for name, members in groups:
        lines += ["@800200", f"-{name}"]
        flag = None
        for n in members:
            full = signal[n]
            want = "@22" if full.endswith("]") else "@28"
            if want != flag:  # as GTKWave writes it: a flag line where the flags change
                lines.append(want)
                flag = want
            lines.append(full)
        lines += ["@1000200", f"-{name}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def signal_names(fst_path, entry, ports):
    """Port name -> full GTKWave name in the top module's scope of the trace (TOP.<top>, else TOP);
    exits naming the ports the trace lacks."""
    vs = fst_vars(fst_path)
    for scope in (f"TOP.{entry['top']}", "TOP"):
        here = {re.sub(r"\[.*$", "", n): f"{s}.{n}" for s, n in vs if s == scope}
        if here:
            break
    missing = [n for _, n in ports if n not in here]
    if missing:
        raise SystemExit(f"wave: error: {fst_path}: ports not in the trace: {', '.join(missing)}")
    return {n: here[n] for _, n in ports}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cosim", help="the fmc_cosim binary")
    ap.add_argument("--codec", required=True, help="ebpc, zvc, grlc, dct, mcrc")
    ap.add_argument("--core", required=True, choices=["encoder", "decoder"])
    ap.add_argument("--config", default="", help="a co-simulated configuration (default: the first)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=64, help="longest transmission, words")
    ap.add_argument("--out", default="out/wave", help="folder of the .fst and .gtkw")
    ap.add_argument("--gtkw-only", metavar="FST", help="only write the save file of this trace")
    args = ap.parse_args(argv)

    entry = core_entry(args.codec, args.core)
    cosim_cfgs = [c["name"] for c in entry["configs"] if c.get("cosim")]
    config = args.config or (cosim_cfgs[0] if cosim_cfgs else "")
    if config not in cosim_cfgs:
        print(f"wave: error: {entry['core']} has no co-simulated configuration '{config}' "
              f"(one of: {', '.join(cosim_cfgs)})", file=sys.stderr)
        return 2
    ports = top_ports(entry)
    rc = 0
    if args.gtkw_only:
        fst = args.gtkw_only
    else:
        if not args.cosim:
            ap.error("--cosim is needed unless --gtkw-only")
        os.makedirs(args.out, exist_ok=True)
        fst = os.path.join(args.out, f"{args.codec}_{args.core}_{config}_seed{args.seed}.fst")
        if os.path.exists(fst):
            os.remove(fst)
        cmd = [args.cosim, "random", "--codec", args.codec, "--core", args.core, "--config", config,
               "--seed", str(args.seed), "--max-len", str(args.max_len), "--trace", fst]
        print("$ " + " ".join(cmd), flush=True)
        rc = subprocess.call(cmd)
        if rc not in (0, 1) or not os.path.isfile(fst):
            print(f"wave: error: fmc_cosim exited with {rc}, no trace {fst}", file=sys.stderr)
            return rc or 1
    try:
        signal = signal_names(fst, entry, ports)
    except FstError as e:
        print(f"wave: error: {e}", file=sys.stderr)
        return 1
    gtkw = re.sub(r"\.fst$", "", fst) + ".gtkw"
    write_gtkw(gtkw, fst, port_groups(ports, entry["clock"], entry["reset"]), signal)
    print(f"FST: {fst} ({os.path.getsize(fst)} bytes)\nGTKWave save file: {gtkw} "
          f"({len(ports)} ports)\nopen: gtkwave {gtkw}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
