// SPDX-License-Identifier: Apache-2.0
// ZVC: the worked examples and the error examples of docs/zvc-format.md, word for word. (The
// generic properties — streaming vs whole-buffer, round trips, corruption — are checked for every
// codec by test_codec_props.cpp.)
#include <catch2/catch.hpp>
#include <vector>

#include "fmcodec/codecs/zvc.hpp"

using namespace fmc;

namespace {

using Words = std::vector<std::int32_t>;
using Stream = std::vector<std::uint32_t>;

Streams encode(unsigned m, unsigned g, const Words& w) {
  auto r = zvc_encode(ZvcParams{m, g}, WordView(w.data(), w.size(), m));
  REQUIRE(r.ok());
  return r.value();
}

Status decode_status(unsigned m, unsigned g, const Stream& mask, const Stream& value,
                     std::uint64_t n) {
  return zvc_decode(ZvcParams{m, g}, Streams{mask, value}, n).status();
}

const Words kExample1 = {0, 5, 0, 0, -3, 0, 0, 0, 0, 7};

}  // namespace

TEST_CASE("ZVC worked example 1 (m = 8, G = 1)", "[zvc][spec]") {
  const Streams s = encode(8, 1, kExample1);
  CHECK(s[0] == Stream{0x48, 0x40});
  CHECK(s[1] == Stream{0x05, 0xfd, 0x07});
  CHECK(zvc_decode(ZvcParams{8, 1}, s, 10).value() == kExample1);
}

TEST_CASE("ZVC worked example 2 (m = 8, G = 4, a partial last group)", "[zvc][spec]") {
  const Words w = {0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 9};
  const Streams s = encode(8, 4, w);
  CHECK(s[0] == Stream{0x50});
  CHECK(s[1] == Stream{0x01, 0x02, 0x03, 0x00, 0x00, 0x09});
  CHECK(zvc_decode(ZvcParams{8, 4}, s, w.size()).value() == w);
}

TEST_CASE("ZVC worked example 3 (m = 16, all zero: empty value stream)", "[zvc][spec]") {
  const Streams s = encode(16, 1, Words(3, 0));
  CHECK(s[0] == Stream{0x0000});
  CHECK(s[1].empty());
  CHECK(zvc_decode(ZvcParams{16, 1}, s, 3).value() == Words(3, 0));
  const Streams e = encode(16, 2, Words{});
  CHECK(e[0].empty());
  CHECK(e[1].empty());
}

TEST_CASE("ZVC worked example 4 (m = 16, negative values)", "[zvc][spec]") {
  const Words w = {-32768, 0, 32767, -1};
  const Streams s = encode(16, 1, w);
  CHECK(s[0] == Stream{0xb000});
  CHECK(s[1] == Stream{0x8000, 0x7fff, 0xffff});
}

TEST_CASE("ZVC error examples of docs/zvc-format.md §4", "[zvc][errors][spec]") {
  CHECK(decode_status(8, 1, {0x48}, {0x05, 0xfd, 0x07}, 10).is(ZvcError::kMaskTruncated));
  CHECK(decode_status(8, 1, {0x48, 0x40}, {0x05, 0xfd}, 10).is(ZvcError::kValueTruncated));
  CHECK(decode_status(8, 1, {0x48, 0x41}, {0x05, 0xfd, 0x07}, 10).is(ZvcError::kMaskTrailing));
  CHECK(decode_status(8, 1, {0x48, 0x40, 0x00}, {0x05, 0xfd, 0x07}, 10)
            .is(ZvcError::kMaskTrailing));
  CHECK(decode_status(8, 1, {0x48, 0x40}, {0x05, 0xfd, 0x07, 0x00}, 10)
            .is(ZvcError::kValueTrailing));
  CHECK(decode_status(8, 1, {0x48, 0x40}, {0x05, 0x00, 0x07}, 10).is(ZvcError::kZeroGroup));
  // The first error in decode order wins: group 4's ZeroGroup comes before the mask's padding.
  CHECK(decode_status(8, 1, {0x48, 0x41}, {0x05, 0x00, 0x07}, 10).is(ZvcError::kZeroGroup));
  // A count the mask cannot hold, an empty count with words, host errors.
  CHECK(decode_status(8, 1, {0x48, 0x40}, {0x05, 0xfd, 0x07}, 17).is(ZvcError::kMaskTruncated));
  CHECK(decode_status(8, 1, {0x00}, {}, 0).is(ZvcError::kMaskTrailing));
  CHECK(decode_status(8, 1, {}, {}, 1).is(ZvcError::kMaskTruncated));  // both streams empty
  CHECK(decode_status(8, 1, {0x80}, {}, 1).is(ZvcError::kValueTruncated));
  CHECK(decode_status(8, 1, {}, {0x01}, 0).is(ZvcError::kValueTrailing));
  CHECK(decode_status(8, 1, {0x148}, {}, 1).is(ErrorCode::kBadInput));
  CHECK(zvc_decode(ZvcParams{8, 3}, Streams{{}, {}}, 1).status().is(ErrorCode::kBadParams));
  CHECK(zvc_decode(ZvcParams{8, 1}, Streams{{0x80}}, 1).status().is(ErrorCode::kBadInput));
  const Words big = {128};
  CHECK(zvc_encode(ZvcParams{8, 1}, WordView(big.data(), 1, 8)).status().is(ErrorCode::kBadInput));
}

TEST_CASE("ZVC streaming encoder releases words at the earliest moment", "[zvc][stream]") {
  auto cfg = zvc_codec().configure(8, {}).value();
  auto enc = zvc_codec().encoder(cfg);
  // Eight non-zero words fill mask word 0; it is released only once a word of group 8 arrives.
  for (int i = 0; i < 8; ++i) REQUIRE(enc->push(i + 1, false).ok());
  CHECK(!enc->pop(0));
  // Value words 0..6 are released (a later value word exists), word 7 may still be the last.
  for (int i = 0; i < 7; ++i) CHECK(enc->pop(1) == std::optional<StreamBeat>(StreamBeat{std::uint32_t(i + 1), false}));
  CHECK(!enc->pop(1));
  REQUIRE(enc->push(0, false).ok());
  CHECK(enc->pop(0) == std::optional<StreamBeat>(StreamBeat{0xff, false}));
  CHECK(!enc->pop(1));  // a zero word: word 7 may still be the last value word
  REQUIRE(enc->push(0, true).ok());
  CHECK(enc->pop(1) == std::optional<StreamBeat>(StreamBeat{8, true}));
  CHECK(enc->pop(0) == std::optional<StreamBeat>(StreamBeat{0x00, true}));
  CHECK(enc->done());
  CHECK(enc->push(1, true).is(ErrorCode::kBadInput));
}
