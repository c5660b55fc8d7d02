#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of the fmcodec CLI: compress / decompress / stat (run by ctest).
# Usage: test_cli.sh FMCODEC_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
KAT=$SRC/verif/vectors/kat/case_065_w8_b8_real
FMAP=$SRC/data/fmaps/mobilenet_v2/astronaut/049_block_16_depthwise_relu_int8.npy
T=$(mktemp -d "${TMPDIR:-/tmp}/fmc_cli_test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
checks=0

pass() { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }
# ok CMD...: the command must succeed.
ok() { if "$@" > "$T/out.txt" 2> "$T/err.txt"; then pass; else bad "$* (exit $?): $(cat "$T/err.txt")"; fi; }
# same A B: files must be byte-identical.
same() { if cmp -s "$1" "$2"; then pass; else bad "$1 and $2 differ"; fi; }
# data_section F: the data bytes of a .npy file (after the header whose length is at bytes 8-9).
data_section() {
  local hl
  hl=$(od -An -tu2 -j8 -N2 "$1" | tr -d ' ')
  tail -c +$((10 + hl + 1)) "$1"
}
# fails_with PATTERN OUTPUT CMD...: exit code 1, one error line on stderr matching PATTERN,
# nothing on stdout, and OUTPUT (a path, or '-') not created.
fails_with() {
  local pattern=$1 output=$2
  shift 2
  "$@" > "$T/out.txt" 2> "$T/err.txt"
  local rc=$?
  if [ $rc -ne 1 ]; then bad "exit code $rc, expected 1: $*"; return; fi
  if [ "$(wc -l < "$T/err.txt")" -ne 1 ]; then bad "expected one stderr line: $*"; return; fi
  if ! grep -q "^fmcodec: error: .*$pattern" "$T/err.txt"; then
    bad "stderr '$(cat "$T/err.txt")' does not match '$pattern': $*"
    return
  fi
  if [ -s "$T/out.txt" ]; then bad "stdout not empty on error: $*"; return; fi
  if [ "$output" != - ] && [ -e "$output" ]; then bad "$output created on error: $*"; return; fi
  if ls "$T" | grep -q '\.tmp\.'; then bad "temporary file left behind: $*"; return; fi
  pass
}

# 1. A real feature map: compress, decompress, same data; decompressing twice is byte-stable.
ok "$BIN" compress "$FMAP" -o "$T/fmap.fmc"
grep -q "ratio" "$T/out.txt" && pass || bad "no summary line"
ok "$BIN" decompress "$T/fmap.fmc" -o "$T/fmap.npy"
same <(data_section "$FMAP") <(data_section "$T/fmap.npy")
ok "$BIN" compress "$T/fmap.npy" -o "$T/fmap2.fmc"
same "$T/fmap.fmc" "$T/fmap2.fmc"

# 2. The KAT input (written by NumPy): the whole .npy comes back byte-identical.
ok "$BIN" compress "$KAT/input.npy" -o "$T/kat.fmc"
ok "$BIN" decompress "$T/kat.fmc" -o "$T/kat.npy"
same "$KAT/input.npy" "$T/kat.npy"

# 3. --hex writes exactly the KAT streams; params.json has the KAT counts; hex decompress.
ok "$BIN" compress "$KAT/input.npy" --hex "$T/hex"
same "$T/hex/znz.hex" "$KAT/znz.hex"
same "$T/hex/bpc.hex" "$KAT/bpc.hex"
for key in codec data_width num_words znz_words bpc_words; do
  same <(grep "\"$key\"" "$KAT/params.json" | tr -d ', ') <(grep "\"$key\"" "$T/hex/params.json" | tr -d ', ')
done
grep -q '"block": 8' "$T/hex/params.json" && pass || bad "params.json has no block 8"
ok "$BIN" decompress --hex "$T/hex" --count 20000 --width 8 --block 8 -o "$T/hex.npy"
same "$KAT/input.npy" "$T/hex.npy"
grep -q "warning: hex streams carry no checksum" "$T/err.txt" && pass || bad "no hex warning"

# 4. Raw input: the data section of the KAT input with --dtype int8 gives the same streams.
data_section "$KAT/input.npy" > "$T/kat.raw"
ok "$BIN" compress "$T/kat.raw" --dtype int8 --hex "$T/rawhex" -o "$T/raw.fmc"
same "$T/rawhex/znz.hex" "$KAT/znz.hex"
same "$T/rawhex/bpc.hex" "$KAT/bpc.hex"

# 5. uint16 raw data, 16/16: round trip, and hex decompress with --dtype uint16.
head -c 4000 "$FMAP" | tail -c 3000 > "$T/u16.raw"
ok "$BIN" compress "$T/u16.raw" --dtype uint16 --block 16 -o "$T/u16.fmc" --hex "$T/u16hex"
ok "$BIN" decompress "$T/u16.fmc" -o "$T/u16.npy"
same "$T/u16.raw" <(data_section "$T/u16.npy")
ok "$BIN" decompress --hex "$T/u16hex" --count 1500 --width 16 --block 16 --dtype uint16 -o "$T/u16h.npy"
same "$T/u16.npy" "$T/u16h.npy"

# 6. All-zero data: empty BPC stream; a missing bpc.hex is an empty stream.
head -c 100 /dev/zero > "$T/zero.raw"
ok "$BIN" compress "$T/zero.raw" --dtype int8 --hex "$T/zhex"
[ -f "$T/zhex/bpc.hex" ] && [ ! -s "$T/zhex/bpc.hex" ] && pass || bad "bpc.hex of zeros not empty"
rm "$T/zhex/bpc.hex"
ok "$BIN" decompress --hex "$T/zhex" --count 100 --width 8 -o "$T/zero.npy"
same "$T/zero.raw" <(data_section "$T/zero.npy")

# 7. Errors: exit code 1, one clear line, no output file.
fails_with "cannot open" "$T/e.fmc" "$BIN" compress "$T/missing.npy" -o "$T/e.fmc"
fails_with "block size 16" "$T/e.fmc" "$BIN" compress "$FMAP" -o "$T/e.fmc" --block 16
fails_with "block 4 is not legal (8|16)" "$T/e.fmc" "$BIN" compress "$FMAP" -o "$T/e.fmc" --block 4
fails_with "--block 'x' is not an integer" "$T/e.fmc" "$BIN" compress "$FMAP" -o "$T/e.fmc" --block x
fails_with "unknown codec 'zip'" "$T/e.fmc" "$BIN" compress "$FMAP" -o "$T/e.fmc" --codec zip
fails_with "unknown dtype" "$T/e.fmc" "$BIN" compress "$T/kat.raw" -o "$T/e.fmc" --dtype float32
fails_with "this is a .npy file" "$T/e.fmc" "$BIN" compress "$FMAP" -o "$T/e.fmc" --dtype int8
printf 'abc' > "$T/odd.raw"
fails_with "not a multiple of 2" "$T/e.fmc" "$BIN" compress "$T/odd.raw" -o "$T/e.fmc" --dtype int16
fails_with "bad magic (not a NumPy" "$T/e.fmc" "$BIN" compress "$T/kat.raw" -o "$T/e.fmc"
fails_with "cannot create" "$T/nodir/e.fmc" "$BIN" compress "$FMAP" -o "$T/nodir/e.fmc"
fails_with "not a directory" "$T/kat.raw/x" "$BIN" compress "$FMAP" --hex "$T/kat.raw"
# Compress with -o and --hex where the .fmc cannot be written: no hex directory either.
fails_with "cannot create" "$T/hx2" "$BIN" compress "$FMAP" -o "$T/nodir/e.fmc" --hex "$T/hx2"
fails_with "reading standard input needs -o" - "$BIN" compress - < "$FMAP"
# .npy headers NumPy would read differently (a repeated key) or that we do not know: refused.
printf "\x93NUMPY\x01\x00\x76\x00{'descr': '|i1', 'fortran_order': False, 'shape': (2,), 'descr': '<i2', }" > "$T/dup.npy"
while [ $(( $(stat -c %s "$T/dup.npy") % 64 )) -ne 63 ]; do printf ' ' >> "$T/dup.npy"; done
printf '\n\x01\x02' >> "$T/dup.npy"
fails_with "repeats the key 'descr'" "$T/e.fmc" "$BIN" compress "$T/dup.npy" -o "$T/e.fmc"

# 8. zstd/gzip conventions: default output name, no overwrite without -f, never the input,
# symbolic links, standard input and output, --quiet.
cp "$FMAP" "$T/f.npy"
ok "$BIN" compress "$T/f.npy"
[ -f "$T/f.npy.fmc" ] && pass || bad "default output f.npy.fmc not written"
cp "$T/f.npy.fmc" "$T/f.before"
fails_with "output exists; use -f to overwrite" - "$BIN" compress "$T/f.npy"
same "$T/f.npy.fmc" "$T/f.before"
ok "$BIN" compress "$T/f.npy" -f --block 8
fails_with "output is the input file" - "$BIN" compress "$T/f.npy" -o "$T/f.npy" -f
ln -s f.npy "$T/flink.npy"
fails_with "output is the input file" - "$BIN" compress "$T/f.npy" -o "$T/flink.npy" -f
mkdir -p "$T/sub" && mv "$T/f.npy.fmc" "$T/sub/f.npy.fmc"
ok "$BIN" decompress "$T/sub/f.npy.fmc"
same <(data_section "$FMAP") <(data_section "$T/sub/f.npy")
cp "$T/sub/f.npy.fmc" "$T/sub/g.bin"
fails_with "no output" - "$BIN" decompress "$T/sub/g.bin"
echo keep > "$T/target.txt" && ln -s target.txt "$T/link.fmc"
fails_with "symbolic link" - "$BIN" compress "$FMAP" -o "$T/link.fmc"
ok "$BIN" compress "$FMAP" -o "$T/link.fmc" -f
[ ! -L "$T/link.fmc" ] && [ "$(cat "$T/target.txt")" = keep ] && pass || bad "-f on a link: link not replaced or target written"
"$BIN" compress - -o - < "$FMAP" > "$T/pipe.fmc" 2> "$T/err.txt" && pass || bad "compress stdin->stdout"
grep -q "compressed -" "$T/err.txt" && pass || bad "summary not on stderr when data goes to stdout"
same "$T/pipe.fmc" "$T/fmap.fmc"
"$BIN" decompress - -o - -q < "$T/pipe.fmc" > "$T/pipe.npy" 2> "$T/err.txt" && pass || bad "decompress stdin->stdout"
same <(data_section "$FMAP") <(data_section "$T/pipe.npy")
[ ! -s "$T/err.txt" ] && pass || bad "--quiet printed: $(cat "$T/err.txt")"
ok "$BIN" compress "$FMAP" -o "$T/q.fmc" -q
[ ! -s "$T/out.txt" ] && pass || bad "--quiet printed a summary"

# 9. stat over a folder with one bad file: a warning for it, the rest reported, exit 1 at the end.
mkdir -p "$T/folder"
cp "$FMAP" "$T/folder/a_relu.npy" && cp "$KAT/input.npy" "$T/folder/b.npy"
printf 'junk junk junk' > "$T/folder/c_bad.npy"
"$BIN" stat "$T/folder" -q --csv "$T/stat.csv" --json "$T/stat.json" > "$T/out.txt" 2> "$T/err.txt"
rc=$?
[ $rc -eq 1 ] && pass || bad "stat with a bad file: exit $rc, expected 1"
grep -q "^fmcodec: warning: .*bad magic.*skipped (.*c_bad.npy)" "$T/err.txt" && pass || bad "no warning for the bad file: $(cat "$T/err.txt")"
grep -q "^fmcodec: error: 1 of 3 files skipped" "$T/err.txt" && pass || bad "no summary error line"
[ "$(wc -l < "$T/stat.csv")" -eq 3 ] && pass || bad "stat.csv should have a header and 2 rows"
grep -q '"ebpc"' "$T/stat.json" && pass || bad "stat.json has no ebpc column"
grep -q "a_relu.npy" "$T/out.txt" && grep -q "b.npy" "$T/out.txt" && pass || bad "stat table lacks the good files"
# The lossy codec's loss: per-tensor CSV columns and a per-group JSON entry; a lossless codec has none.
head -1 "$T/stat.csv" | grep -q ',dct_psnr,dct_max_err,dct_mae,dct_exact,' && pass || bad "stat.csv lacks the dct loss columns"
head -1 "$T/stat.csv" | grep -q 'grlc_psnr' && bad "stat.csv has loss columns for a lossless codec" || pass
grep -q '"loss": {"dct": {"mean_psnr_db": ' "$T/stat.json" && pass || bad "stat.json lacks the dct loss"
grep -q "^Loss of the lossy codecs" "$T/out.txt" && pass || bad "stat prints no loss table"

head -c 100 "$T/kat.fmc" > "$T/trunc.fmc"
fails_with "truncated.*(.*trunc.fmc)" "$T/e.npy" "$BIN" decompress "$T/trunc.fmc" -o "$T/e.npy"
cp "$T/kat.fmc" "$T/trail.fmc" && printf 'x' >> "$T/trail.fmc"
fails_with "trailing bytes" "$T/e.npy" "$BIN" decompress "$T/trail.fmc" -o "$T/e.npy"
cp "$T/kat.fmc" "$T/hdr.fmc" && printf '\xff' | dd of="$T/hdr.fmc" bs=1 seek=16 conv=notrunc 2> /dev/null
fails_with "header CRC mismatch" "$T/e.npy" "$BIN" decompress "$T/hdr.fmc" -o "$T/e.npy"
cp "$T/kat.fmc" "$T/ver.fmc" && printf '\x03' | dd of="$T/ver.fmc" bs=1 seek=4 conv=notrunc 2> /dev/null
fails_with "version 3 is not supported" "$T/e.npy" "$BIN" decompress "$T/ver.fmc" -o "$T/e.npy"
# Data CRC (header bytes H-8..H-5) changed and the header CRC recomputed: kChecksum.
python3 - "$T/kat.fmc" "$T/dcrc.fmc" << 'EOF' 2> /dev/null || cp "$T/kat.fmc" "$T/dcrc.fmc"
import sys, zlib
b = bytearray(open(sys.argv[1], 'rb').read())
h = b[6] | b[7] << 8
b[h - 8] ^= 1
b[h - 4:h] = zlib.crc32(bytes(b[:h - 4])).to_bytes(4, 'little')
open(sys.argv[2], 'wb').write(b)
EOF
if cmp -s "$T/kat.fmc" "$T/dcrc.fmc"; then
  echo "SKIP: data CRC case (needs python3); test_container.cpp covers kChecksum"
else
  fails_with "data CRC mismatch" "$T/e.npy" "$BIN" decompress "$T/dcrc.fmc" -o "$T/e.npy"
fi
# A corrupted stream word: a decode error or a CRC mismatch, never a silent success.
cp "$T/kat.fmc" "$T/pay.fmc" && printf '\x5a' | dd of="$T/pay.fmc" bs=1 seek=1000 conv=notrunc 2> /dev/null
fails_with "" "$T/e.npy" "$BIN" decompress "$T/pay.fmc" -o "$T/e.npy"
fails_with "bad magic (not an .fmc" "$T/e.npy" "$BIN" decompress "$KAT/input.npy" -o "$T/e.npy"
fails_with "apply only with --hex" "$T/e.npy" "$BIN" decompress "$T/kat.fmc" -o "$T/e.npy" --count 3
fails_with "needs --count" "$T/e.npy" "$BIN" decompress --hex "$T/hex" -o "$T/e.npy" --width 8
fails_with "not a non-negative integer" "$T/e.npy" "$BIN" decompress --hex "$T/hex" -o "$T/e.npy" --width 8 --count 2x
fails_with "needs --dtype" "$T/e.npy" "$BIN" decompress --hex "$T/hex" -o "$T/e.npy" --count 20000
fails_with "does not match --dtype" "$T/e.npy" "$BIN" decompress --hex "$T/hex" -o "$T/e.npy" --count 20000 --width 16 --dtype int8
fails_with "ZNZ stream ends.*after 20000 of 20001 words" "$T/e.npy" "$BIN" decompress --hex "$T/hex" -o "$T/e.npy" --count 20001 --width 8
fails_with "cannot open any stream file of ebpc" "$T/e.npy" "$BIN" decompress --hex "$T" -o "$T/e.npy" --count 3 --width 8
fails_with "argument was not expected: --foo" - "$BIN" compress "$FMAP" -o "$T/e.fmc" --foo
fails_with "A subcommand is required" - "$BIN"
# An existing output is left untouched by a failing command.
cp "$KAT/input.npy" "$T/keep.npy"
"$BIN" decompress "$T/trunc.fmc" -o "$T/keep.npy" -f > /dev/null 2>&1
same "$KAT/input.npy" "$T/keep.npy"
# Version-1 files (made by the previous tool) still decompress.
ok "$BIN" decompress "$SRC/golden/tests/vectors/fmc_v1/w8_b8_real.fmc" -o "$T/v1.npy"
same "$SRC/golden/tests/vectors/fmc_v1/w8_b8_real.npy" "$T/v1.npy"

echo "test_cli.sh: $checks checks, $fails failed"
[ $fails -eq 0 ]
