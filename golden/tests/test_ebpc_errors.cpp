// SPDX-License-Identifier: Apache-2.0
// EBPC decoder error handling: one named, hand-made (or derived) invalid stream per error class
// with its exact ErrorCode; bit flips and truncations of valid streams; the streaming decoder
// reports the same code as ebpc_decode() in every interleaving; and the invalid-stream vectors
// shared with the RTL co-simulation in verif/vectors/errors/ (regenerate them with `test_golden
// "[.regen]"`).
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/hexfile.hpp"
#include "fmcodec/npy.hpp"
#include "test_util.hpp"

using namespace fmc;

namespace {

// '0'/'1' characters (spaces ignored) packed MSB first into m-bit words, last word zero-padded.
std::vector<std::uint32_t> bits(const std::string& s, unsigned m = 8) {
  std::string b;
  for (char c : s)
    if (c == '0' || c == '1') b.push_back(c);
  std::vector<std::uint32_t> w;
  for (std::size_t i = 0; i < b.size(); i += m) {
    std::uint32_t v = 0;
    for (unsigned k = 0; k < m; ++k) v = (v << 1) | (i + k < b.size() && b[i + k] == '1');
    w.push_back(v);
  }
  return w;
}

std::vector<std::uint32_t> drop_last(std::vector<std::uint32_t> v) {
  v.pop_back();
  return v;
}
std::vector<std::uint32_t> plus(std::vector<std::uint32_t> v, std::uint32_t w) {
  v.push_back(w);
  return v;
}

// Valid stream A: the full worked example of docs/ebpc-format.md §4 (8/8, 32 words).
std::vector<std::int32_t> example_a_input() {
  std::vector<std::int32_t> in = {0, 0, 0, 22, 26, 0, 28, 32, 35, 8};
  in.insert(in.end(), 18, 0);
  in.insert(in.end(), {10, 12, 0, 7});
  return in;
}
const std::vector<std::uint32_t> kAZnz = bits("00010110 00001111 01111000 01110000 01000000");
const std::vector<std::uint32_t> kABpc = bits(
    "00010110 00010011 10100111 00000000 01010001 11000010 01000001 11000110 00000010 "
    "10001100 00010110");

// Valid stream B: the single word 5 (8/8). Block 5,0,0,0,0,0,0,0: base 00000101, d_1 = -5 =
// 111111011 -> P0 = P1 = 1000000, P2 = 0, P3..P8 = 1000000 -> symbols `00011 000` (one one, p=0),
// run of 1 `01`, `00001` (P2 = 0), `00011 000`, run of 5 `001 011`. 37 bits.
const char kBBlock[] = "00000101 00011000 01 00001 00011000 001011";
const std::vector<std::uint32_t> kBZnz = bits("1");
const std::vector<std::uint32_t> kBBpc = bits(kBBlock);

// An error as a comparable value: a host error or an EBPC stream error.
struct Code {
  ErrorCode host = ErrorCode::kOk;
  EbpcError ebpc = EbpcError::kZnzTruncated;  // meaningful when host == kStream
  Code() = default;
  Code(ErrorCode c) : host(c) {}  // NOLINT(google-explicit-constructor)
  Code(EbpcError e) : host(ErrorCode::kStream), ebpc(e) {}  // NOLINT(google-explicit-constructor)
  static Code of(const Status& s) {
    Code c;
    c.host = s.code();
    if (s.is_stream_error()) c.ebpc = static_cast<EbpcError>(s.stream_error());
    return c;
  }
  bool operator==(const Code& o) const {
    return host == o.host && (host != ErrorCode::kStream || ebpc == o.ebpc);
  }
  /// 0..7 host codes, 16 + n for EBPC stream error n (an index into a per-code table).
  int index() const {
    return host == ErrorCode::kStream ? 16 + static_cast<int>(ebpc) : static_cast<int>(host);
  }
};

std::string code_name(Code c) {
  return c.host == ErrorCode::kStream ? ebpc_error_name(c.ebpc) : error_code_name(c.host);
}

struct ErrCase {
  const char* name;
  EbpcParams p;
  std::vector<std::uint32_t> znz, bpc;
  std::uint64_t num_words;
  Code expected;
  const char* what;  // one line: what is wrong with the stream
  bool exported;     // also stored in verif/vectors/errors/<name>/
};

std::vector<ErrCase> error_cases() {
  const EbpcParams p88{8, 8}, p168{16, 8}, p1616{16, 16};
  std::vector<ErrCase> c;
  // ZnzTruncated
  c.push_back({"znz_truncated_drop_last_word", p88, drop_last(kAZnz), kABpc, 32,
               EbpcError::kZnzTruncated, "worked example 4 with its last ZNZ word removed", true});
  c.push_back({"znz_truncated_empty",
               p88,
               {},
               kBBpc,
               1,
               EbpcError::kZnzTruncated,
               "no ZNZ word at all for a 1-word transmission",
               true});
  c.push_back({"znz_truncated_inside_run_symbol",
               p88,
               bits("01111 000"),
               {},
               17,
               EbpcError::kZnzTruncated,
               "17 zeros (`01111 00000`) cut after 3 bits of the second run symbol",
               true});
  // BpcTruncated
  c.push_back({"bpc_truncated_drop_last_word", p88, kAZnz, drop_last(kABpc), 32,
               EbpcError::kBpcTruncated, "worked example 4 with its last BPC word removed", true});
  c.push_back({"bpc_truncated_empty",
               p88,
               kBZnz,
               {},
               1,
               EbpcError::kBpcTruncated,
               "a non-zero word but an empty BPC stream",
               true});
  c.push_back({"bpc_truncated_in_base", p88, kAZnz,
               std::vector<std::uint32_t>(kABpc.begin(), kABpc.begin() + 7), 32,
               EbpcError::kBpcTruncated,
               "worked example 4 cut inside the base of block 2 (bit 50 of 56)", false});
  c.push_back({"bpc_truncated_16_16", p1616, bits("1", 16), bits("0000000000000101 00011", 16), 1,
               EbpcError::kBpcTruncated, "16/16 block cut after its first symbol", false});
  // ZnzTrailing
  c.push_back({"znz_trailing_extra_word", p88, plus(kAZnz, 0), kABpc, 32, EbpcError::kZnzTrailing,
               "worked example 4 plus a zero ZNZ word", true});
  c.push_back({"znz_trailing_padding_bit",
               p88,
               {0x81},
               kBBpc,
               1,
               EbpcError::kZnzTrailing,
               "ZNZ `1` with the last padding bit set (0x81)",
               true});
  c.push_back({"znz_trailing_after_full_word",
               p88,
               {0xff, 0x00},
               ebpc_encode(p88, std::vector<std::int32_t>{1, 2, 3, 4, 5, 6, 7, 8}).value().bpc,
               8,
               EbpcError::kZnzTrailing,
               "8 non-zero words (ZNZ 0xff) plus a zero word",
               false});
  // BpcTrailing
  c.push_back({"bpc_trailing_extra_word", p88, kAZnz, plus(kABpc, 0), 32, EbpcError::kBpcTrailing,
               "worked example 4 plus a zero BPC word", true});
  c.push_back({"bpc_trailing_padding_bit", p88, kBZnz, bits(std::string(kBBlock) + " 001"), 1,
               EbpcError::kBpcTrailing, "single word 5 with the last padding bit set", true});
  c.push_back({"bpc_trailing_all_zero_data",
               p88,
               bits("01111 00000"),
               {0x00},
               17,
               EbpcError::kBpcTrailing,
               "17 zeros (empty BPC expected) with one BPC word",
               true});
  c.push_back({"bpc_trailing_extra_block", p88, kBZnz, bits(std::string(kBBlock) + kBBlock), 1,
               EbpcError::kBpcTrailing, "single word 5 with its BPC block sent twice", false});
  // RunOverflow
  c.push_back({"run_overflow_count_smaller", p88, kAZnz, kABpc, 20, EbpcError::kRunOverflow,
               "worked example 4 decoded with count 20: the 16-zero run at word 10 passes it",
               true});
  c.push_back({"run_overflow_all_zero",
               p88,
               bits("01111 00011"),
               {},
               18,
               EbpcError::kRunOverflow,
               "20 zeros (`01111 00011`) decoded with count 18",
               true});
  c.push_back({"run_overflow_first_symbol",
               p1616,
               bits("01111", 16),
               {},
               3,
               EbpcError::kRunOverflow,
               "16 zeros decoded with count 3 (16/16)",
               false});
  // BadCode
  c.push_back({"bad_code_zero_run_past_block_end", p88, kBZnz, bits("00000101 00011000 001 111"), 1,
               EbpcError::kBadCode, "zero run of 9 at symbol 1: 10 symbols in a 9-symbol block",
               true});
  c.push_back({"bad_code_zero_run_past_block_end_16_16", p1616, bits("1", 16),
               bits("0000000000000101 00011 0000 001 1111", 16), 1, EbpcError::kBadCode,
               "16/16: zero run of 17 at symbol 1", false});
  c.push_back({"bad_code_one_one_position", p88, kBZnz, bits("00000101 00011 111"), 1,
               EbpcError::kBadCode, "single-one code with position 7 (max 6 for 7-bit planes)",
               true});
  c.push_back({"bad_code_one_one_position_16_16", p1616, bits("1", 16),
               bits("0000000000000101 00011 1111", 16), 1, EbpcError::kBadCode,
               "16/16: single-one code with position 15 (max 14)", false});
  c.push_back({"bad_code_two_ones_position", p88, kBZnz, bits("00000101 00010 110"), 1,
               EbpcError::kBadCode, "two-adjacent-ones code with position 6 (max 5)", true});
  c.push_back({"bad_code_two_ones_position_16_8", p168, bits("1", 16),
               bits("0000000000000101 00010 111", 16), 1, EbpcError::kBadCode,
               "16/8: two-adjacent-ones code with position 7 (max 5)", false});
  c.push_back({"bad_code_plane_zero_at_symbol_0", p88, kBZnz, bits("00000101 00001"), 1,
               EbpcError::kBadCode, "`00001` (all-0 plane) as symbol 0, where X = P", true});
  c.push_back({"bad_code_plane_zero_after_zero_plane", p88, kBZnz, bits("00000101 01 00001"), 1,
               EbpcError::kBadCode, "`00001` at symbol 1 while P0 is already 0", false});
  // ZeroNonzero
  {
    BitWriter w(8);
    const std::int32_t blk[8] = {5, 6, 0, 0, 0, 0, 0, 0};
    ebpc_encode_block(p88, blk, w);
    w.finish();
    c.push_back({"zero_nonzero_stuffing", p88, kBZnz, w.words(), 1, EbpcError::kZeroNonzero,
                 "1 non-zero word, but its block (5, 6, 0, ...) has a non-zero stuffing value",
                 true});
  }
  c.push_back({"zero_nonzero_flagged_word_is_zero", p88, bits("11"), kBBpc, 2,
               EbpcError::kZeroNonzero, "ZNZ flags 2 non-zero words, the block holds 5, 0", true});
  c.push_back({"zero_nonzero_base_zero", p88, kBZnz, bits("00000000 001 111"), 1,
               EbpcError::kZeroNonzero, "ZNZ `1`, block of eight zeros (base 0, run of 9)", true});
  // ValueRange
  // Block = base, d_1 = +-1, d_2..d_7 = 0: 8 non-zero words base, base+-1 x 7.
  c.push_back({"value_range_above_max",
               p88,
               {0xff},
               bits("01111111 00011000 00001 001101"),
               8,
               EbpcError::kValueRange,
               "block 127, 128 x 7: base 127 then delta +1",
               true});
  c.push_back({"value_range_below_min",
               p88,
               {0xff},
               bits("10000000 00011000 001110"),
               8,
               EbpcError::kValueRange,
               "block -128, -129 x 7: base -128 then delta -1",
               true});
  c.push_back({"value_range_16_8",
               p168,
               {0xff00},
               bits("1000000000000000 00011000 001 1110", 16),
               8,
               EbpcError::kValueRange,
               "16/8: base -32768 then delta -1",
               false});
  // BadInput
  c.push_back({"bad_input_znz_word_too_wide",
               p88,
               {0x180},
               kBBpc,
               1,
               ErrorCode::kBadInput,
               "ZNZ word 0x180 has a bit above the 8-bit word",
               false});
  return c;
}

// Error code of the streaming decoder fed in a given interleaving (true = next word from ZNZ); the
// streams are pushed to their end. A decoder left waiting counts as truncated (as ebpc_decode()).
Code stream_code(const EbpcParams& p, const std::vector<std::uint32_t>& znz,
                      const std::vector<std::uint32_t>& bpc, std::uint64_t n, std::mt19937& rng,
                      double p_znz, std::vector<std::int32_t>* out = nullptr) {
  EbpcDecoder dec(p, n);
  std::size_t zi = 0, bi = 0;
  std::bernoulli_distribution pick(p_znz);
  while ((zi < znz.size() || bi < bpc.size()) && dec.status().ok()) {
    const bool z = bi == bpc.size() || (zi < znz.size() && pick(rng));
    if (z) {
      dec.push_znz(znz[zi], zi + 1 == znz.size());
      ++zi;
    } else {
      dec.push_bpc(bpc[bi], bi + 1 == bpc.size());
      ++bi;
    }
  }
  if (!dec.status().ok()) return Code::of(dec.status());
  if (!dec.done())
    return (znz.empty() || dec.wants_znz()) ? EbpcError::kZnzTruncated : EbpcError::kBpcTruncated;
  if (out)
    while (auto v = dec.pop()) out->push_back(*v);
  return ErrorCode::kOk;
}

bool is_decode_error(Code c) { return c.host == ErrorCode::kStream; }

// "key": "value" of a flat JSON object; "" when absent.
std::string json_str(const std::string& text, const std::string& key) {
  const std::size_t k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return "";
  const std::size_t a = text.find('"', text.find(':', k) + 1);
  const std::size_t b = text.find('"', a + 1);
  return (a == std::string::npos || b == std::string::npos) ? "" : text.substr(a + 1, b - a - 1);
}

std::string params_json(const ErrCase& c) {
  return "{\n \"codec\": \"ebpc\",\n \"data_width\": " + std::to_string(c.p.data_width) +
         ",\n \"block_size\": " + std::to_string(c.p.block_size) +
         ",\n \"max_zero_run\": 16,\n \"num_words\": " + std::to_string(c.num_words) +
         ",\n \"znz_words\": " + std::to_string(c.znz.size()) +
         ",\n \"bpc_words\": " + std::to_string(c.bpc.size()) + ",\n \"expected_error\": \"" +
         code_name(c.expected) + "\",\n \"description\": \"" + c.what + "\"\n}\n";
}

const char kErrorsDir[] = "verif/vectors/errors";

}  // namespace

TEST_CASE("EBPC base streams of the error cases are valid", "[ebpc][errors]") {
  const EbpcParams p88{8, 8};
  auto a = ebpc_decode(p88, kAZnz, kABpc, 32);
  REQUIRE(a.ok());
  CHECK(a.value() == example_a_input());
  auto b = ebpc_decode(p88, kBZnz, kBBpc, 1);
  REQUIRE(b.ok());
  CHECK(b.value() == std::vector<std::int32_t>{5});
  auto eb = ebpc_encode(p88, std::vector<std::int32_t>{5});
  REQUIRE(eb.ok());
  CHECK(eb.value().bpc == kBBpc);
  CHECK(eb.value().znz == kBZnz);
  // The value-range blocks are well-formed: the same blocks with an in-range base decode.
  auto ok = ebpc_decode(p88, {0xff}, bits("01111110 00011000 00001 001101"), 8);
  REQUIRE(ok.ok());
  CHECK(ok.value() == std::vector<std::int32_t>{126, 127, 127, 127, 127, 127, 127, 127});
  auto ok2 = ebpc_decode(p88, {0xff}, bits("10000001 00011000 001110"), 8);
  REQUIRE(ok2.ok());
  CHECK(ok2.value() == std::vector<std::int32_t>{-127, -128, -128, -128, -128, -128, -128, -128});
  auto ok3 =
      ebpc_decode(EbpcParams{16, 8}, {0xff00}, bits("1000000000000001 00011000 001 1110", 16), 8);
  REQUIRE(ok3.ok());
  CHECK(ok3.value() ==
        std::vector<std::int32_t>{-32767, -32768, -32768, -32768, -32768, -32768, -32768, -32768});
}

TEST_CASE("EBPC named invalid streams give their exact error code", "[ebpc][errors]") {
  std::mt19937 rng(1);
  for (const auto& c : error_cases()) {
    DYNAMIC_SECTION(c.name) {
      auto r = ebpc_decode(c.p, c.znz, c.bpc, c.num_words);
      INFO(c.what);
      INFO(r.status().to_string());
      REQUIRE(!r.ok());
      CHECK(code_name(Code::of(r.status())) == code_name(c.expected));
      CHECK(!r.status().message().empty());
      // Same code from the streaming decoder, ZNZ first, BPC first and interleaved.
      for (double p_znz : {1.0, 0.0, 0.5}) {
        INFO("streaming, p_znz " << p_znz);
        CHECK(code_name(stream_code(c.p, c.znz, c.bpc, c.num_words, rng, p_znz)) ==
              code_name(c.expected));
      }
    }
  }
}

TEST_CASE("EBPC decoder: errors are sticky, pop() stops, bad arguments", "[ebpc][errors]") {
  const EbpcParams p88{8, 8};
  // Words are popped as they are decoded; after an error pop() returns nothing more, not even the
  // words decoded before the error was found in the same push.
  EbpcDecoder dec(p88, 32);
  for (std::size_t i = 0; i < kABpc.size(); ++i)
    CHECK(dec.push_bpc(kABpc[i], i + 1 == kABpc.size()).ok());
  CHECK(dec.push_znz(kAZnz[0], false).ok());  // `00010 1 1 0..`: 3 zeros, 22, 26
  std::vector<std::int32_t> got;
  while (auto v = dec.pop()) got.push_back(*v);
  CHECK(got == std::vector<std::int32_t>{0, 0, 0, 22, 26});
  CHECK(dec.push_znz(kAZnz[1], false).ok());
  CHECK(dec.push_znz(kAZnz[2], false).ok());
  CHECK(dec.push_znz(kAZnz[3], true).is(EbpcError::kZnzTruncated));  // word 4 dropped
  CHECK(dec.words_decoded() > 5);
  CHECK(!dec.pop().has_value());
  CHECK(dec.push_znz(0, true).is(EbpcError::kZnzTruncated));  // sticky
  CHECK(dec.push_bpc(0, true).is(EbpcError::kZnzTruncated));
  CHECK(!dec.done());
  CHECK(!dec.wants_znz());
  CHECK(!dec.wants_bpc());

  CHECK(EbpcDecoder::create(p88, 0).status().is(ErrorCode::kBadInput));
  CHECK(EbpcDecoder::create(EbpcParams{8, 16}, 1).status().is(ErrorCode::kBadParams));
  CHECK(ebpc_decode(EbpcParams{12, 8}, kBZnz, kBBpc, 1).status().is(ErrorCode::kBadParams));
  // Count 0 needs two empty streams; the code names the stream that is not empty.
  CHECK(ebpc_decode(p88, {}, {}, 0).ok());
  CHECK(ebpc_decode(p88, kBZnz, {}, 0).status().is(EbpcError::kZnzTrailing));
  CHECK(ebpc_decode(p88, {}, kBBpc, 0).status().is(EbpcError::kBpcTrailing));
  // A BPC word with bits above the data width.
  CHECK(ebpc_decode(p88, kBZnz, {0x105}, 1).status().is(ErrorCode::kBadInput));
  // Streams pushed after the decoder finished.
  EbpcDecoder d2(p88, 1);
  CHECK(d2.push_znz(0x80, true).ok());
  CHECK(d2.push_bpc(kBBpc[0], false).ok());
  for (std::size_t i = 1; i < kBBpc.size(); ++i)
    CHECK(d2.push_bpc(kBBpc[i], i + 1 == kBBpc.size()).ok());
  CHECK(d2.done());
  CHECK(d2.push_bpc(0, true).is(EbpcError::kBpcTrailing));
  EbpcDecoder d3(p88, 17);
  CHECK(d3.push_znz(0x78, false).ok());
  CHECK(d3.push_znz(0x00, true).ok());
  CHECK(d3.done());
  CHECK(d3.push_bpc(0, true).is(EbpcError::kBpcTrailing));  // all-zero: BPC must be empty
}

TEST_CASE("EBPC every truncation of valid streams is reported as truncated", "[ebpc][errors]") {
  const std::uint32_t seed = 555;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (const EbpcParams p : {EbpcParams{8, 8}, EbpcParams{16, 8}, EbpcParams{16, 16}}) {
    for (double p_zero : {0.0, 0.5, 0.9}) {
      std::vector<std::int32_t> in(300);
      std::bernoulli_distribution z(p_zero);
      std::uniform_int_distribution<std::int32_t> v(-(1 << (p.data_width - 1)),
                                                    (1 << (p.data_width - 1)) - 1);
      for (auto& x : in) x = z(rng) ? 0 : v(rng);
      auto enc = ebpc_encode(p, in);
      REQUIRE(enc.ok());
      const auto& s = enc.value();
      INFO(p.data_width << "/" << p.block_size << " zero probability " << p_zero);
      for (std::size_t k = 0; k < s.znz.size(); ++k) {
        const std::vector<std::uint32_t> cut(s.znz.begin(), s.znz.begin() + k);
        INFO("ZNZ cut to " << k << " words");
        CHECK(code_name(Code::of(ebpc_decode(p, cut, s.bpc, in.size()).status())) == "ZnzTruncated");
        CHECK(code_name(stream_code(p, cut, s.bpc, in.size(), rng, 0.5)) == "ZnzTruncated");
      }
      for (std::size_t k = 0; k < s.bpc.size(); ++k) {
        const std::vector<std::uint32_t> cut(s.bpc.begin(), s.bpc.begin() + k);
        INFO("BPC cut to " << k << " words");
        CHECK(code_name(Code::of(ebpc_decode(p, s.znz, cut, in.size()).status())) == "BpcTruncated");
        CHECK(code_name(stream_code(p, s.znz, cut, in.size(), rng, 0.5)) == "BpcTruncated");
      }
    }
  }
}

TEST_CASE("EBPC single bit flips: an error or num_words words, same result when streaming",
          "[ebpc][errors]") {
  const std::uint32_t seed = 8086;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::size_t flips = 0, decoded = 0;
  std::vector<int> per_code(32, 0);
  for (const EbpcParams p : {EbpcParams{8, 8}, EbpcParams{16, 8}, EbpcParams{16, 16}}) {
    for (double p_zero : {0.0, 0.3, 0.9}) {
      std::vector<std::int32_t> in(90);
      std::bernoulli_distribution z(p_zero);
      std::uniform_int_distribution<std::int32_t> v(-(1 << (p.data_width - 1)),
                                                    (1 << (p.data_width - 1)) - 1);
      for (auto& x : in) x = z(rng) ? 0 : v(rng);
      auto enc = ebpc_encode(p, in);
      REQUIRE(enc.ok());
      for (int stream = 0; stream < 2; ++stream) {
        const auto& orig = stream == 0 ? enc.value().znz : enc.value().bpc;
        for (std::size_t bit = 0; bit < orig.size() * p.data_width; ++bit) {
          auto s = enc.value();
          auto& w = stream == 0 ? s.znz : s.bpc;
          w[bit / p.data_width] ^= 1u << (p.data_width - 1 - bit % p.data_width);
          auto r = ebpc_decode(p, s.znz, s.bpc, in.size());
          std::vector<std::int32_t> streamed;
          const Code sc = stream_code(p, s.znz, s.bpc, in.size(), rng, 0.5, &streamed);
          ++flips;
          ++per_code[(r.ok() ? Code() : Code::of(r.status())).index()];
          const bool good =
              r.ok()
                  ? (r.value().size() == in.size() && sc == Code() && streamed == r.value())
                  : (is_decode_error(Code::of(r.status())) && sc == Code::of(r.status()));
          decoded += r.ok();
          if (!good) {
            INFO(p.data_width << "/" << p.block_size << " p_zero " << p_zero << " stream "
                              << (stream == 0 ? "ZNZ" : "BPC") << " bit " << bit << ": "
                              << r.status().to_string() << " / streaming " << code_name(sc));
            FAIL("bad outcome for a flipped bit");
          }
        }
      }
    }
  }
  INFO(flips << " flips, " << decoded << " decoded without error");
  // Some flips (inside raw BPC planes) decode to other values; most are caught.
  CHECK(decoded > 0);
  CHECK(decoded < flips);
  for (EbpcError e : {EbpcError::kZnzTruncated, EbpcError::kZnzTrailing, EbpcError::kBpcTruncated,
                      EbpcError::kBpcTrailing, EbpcError::kRunOverflow, EbpcError::kBadCode,
                      EbpcError::kZeroNonzero, EbpcError::kValueRange}) {
    const Code c(e);
    INFO("code " << code_name(c) << " seen " << per_code[c.index()] << " times");
    CHECK(per_code[c.index()] > 0);
  }
}

TEST_CASE("EBPC invalid-stream vectors in verif/vectors/errors give their expected error",
          "[ebpc][errors][vectors]") {
  const std::string root = fmc_test::source_path(kErrorsDir);
  std::vector<std::string> dirs;
  for (const auto& n : fmc_test::list_dir(root, "")) {
    if (n == "." || n == ".." || n == "README.md") continue;
    const std::string codec = json_str(fmc_test::slurp(root + "/" + n + "/params.json"), "codec");
    if (codec.empty() || codec == "ebpc") dirs.push_back(n);  // other codecs may add cases here
  }
  std::size_t exported = 0;
  for (const auto& c : error_cases()) exported += c.exported;
  REQUIRE(dirs.size() == exported);
  const std::string readme = fmc_test::slurp(root + "/README.md");
  for (const auto& name : dirs) {
    DYNAMIC_SECTION(name) {
      const std::string dir = root + "/" + name;
      const std::string params = fmc_test::slurp(dir + "/params.json");
      REQUIRE(!params.empty());
      EbpcParams p;
      p.data_width = static_cast<unsigned>(fmc_test::json_int(params, "data_width"));
      p.block_size = static_cast<unsigned>(fmc_test::json_int(params, "block_size"));
      const long n = fmc_test::json_int(params, "num_words");
      const std::string expected = json_str(params, "expected_error");
      auto znz = hex_read(dir + "/znz.hex", p.data_width);
      auto bpc = hex_read(dir + "/bpc.hex", p.data_width);
      REQUIRE(znz.ok());
      REQUIRE(bpc.ok());
      CHECK(static_cast<long>(znz.value().size()) == fmc_test::json_int(params, "znz_words"));
      CHECK(static_cast<long>(bpc.value().size()) == fmc_test::json_int(params, "bpc_words"));
      auto r = ebpc_decode(p, znz.value(), bpc.value(), static_cast<std::uint64_t>(n));
      INFO(r.status().to_string());
      REQUIRE(!r.ok());
      CHECK(code_name(Code::of(r.status())) == expected);
      CHECK(readme.find("`" + name + "`") != std::string::npos);
      // The folder is what the table in this file says (regenerate with "[.regen]").
      bool found = false;
      for (const auto& c : error_cases()) {
        if (c.exported && name == c.name) {
          found = true;
          CHECK(znz.value() == c.znz);
          CHECK(bpc.value() == c.bpc);
          CHECK(params == params_json(c));
        }
      }
      CHECK(found);
    }
  }
}

// Writes verif/vectors/errors/ from error_cases(). Hidden: run `test_golden "[.regen]"`.
TEST_CASE("Regenerate verif/vectors/errors", "[.regen]") {
  const std::string root = fmc_test::source_path(kErrorsDir);
  std::string readme =
      "# EBPC invalid streams (golden decompression errors)\n\n"
      "Each folder holds one invalid EBPC transmission: `znz.hex` and `bpc.hex` (one stream word\n"
      "per line, as in `../kat/`; the last word of each file carries `last`), and `params.json`\n"
      "(`data_width`, `block_size`, `num_words`, word counts, `expected_error` = the name of the\n"
      "`EbpcError` (`ebpc_error_name()`), `description`). A decoder must reject each with exactly "
      "that\n"
      "code. The golden test `golden/tests/test_ebpc_errors.cpp` checks them; the RTL decoder\n"
      "co-simulation reuses them. Generated by `build/bin/test_golden \"[.regen]\"` from the table "
      "in\n"
      "that test; do not edit by hand. Streams named \"worked example 4\" are the full 32-word\n"
      "example of `docs/ebpc-format.md` §4.\n\n"
      "| folder | m/n | words | expected_error | what is wrong |\n|---|---|---|---|---|\n";
  for (const auto& c : error_cases()) {
    if (!c.exported) continue;
    const std::string dir = root + "/" + c.name;
    REQUIRE(system(("mkdir -p '" + dir + "'").c_str()) == 0);
    REQUIRE(hex_write(dir + "/znz.hex", c.znz, c.p.data_width).ok());
    REQUIRE(hex_write(dir + "/bpc.hex", c.bpc, c.p.data_width).ok());
    const std::string j = params_json(c);
    REQUIRE(write_file_atomic(dir + "/params.json", std::vector<std::uint8_t>(j.begin(), j.end()))
                .ok());
    readme += "| `" + std::string(c.name) + "` | " + std::to_string(c.p.data_width) + "/" +
              std::to_string(c.p.block_size) + " | " + std::to_string(c.num_words) + " | " +
              code_name(c.expected) + " | " + c.what + " |\n";
  }
  REQUIRE(write_file_atomic(root + "/README.md",
                            std::vector<std::uint8_t>(readme.begin(), readme.end()))
              .ok());
}
