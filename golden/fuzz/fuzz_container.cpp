// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the .fmc container parser and decompressor
// (golden/include/fmcodec/container.hpp).
//
// Input: if the first byte is 'F' the whole input is an .fmc image, parsed as is. Otherwise the
// first byte is dropped and the rest is an .fmc image whose header CRC is recomputed before
// parsing (when its header-size field allows), so the fuzzer gets past the CRC to the fields behind
// it. The seeds (fuzz_seeds) are real containers of the known-answer inputs in both spellings.
//
// Checked: fmc_parse() never crashes or reads out of bounds; a parsed file passes fmc_validate()
// and serializes back to exactly the input bytes (the format has one spelling per file); when
// fmc_decompress() succeeds, the tensor passes tensor_check(), has the file's shape and element
// count, and compressing it again gives a container that decompresses to the same tensor; failures
// carry a container or decoding ErrorCode, never kOk-with-garbage.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fmcodec/container.hpp"
#include "fuzz_common.hpp"

using namespace fmc;

namespace {

bool expected_error(ErrorCode c) {
  return c == ErrorCode::kBadFile || c == ErrorCode::kUnsupported || c == ErrorCode::kChecksum ||
         (c >= ErrorCode::kZnzTruncated && c <= ErrorCode::kValueRange);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> img;
  if (size > 0 && data[0] == 'F') {
    img.assign(data, data + size);
  } else if (size > 0) {
    img.assign(data + 1, data + size);
    if (img.size() >= kFmcFixedHeaderSize) {
      const std::size_t hs = img[6] | (std::size_t(img[7]) << 8);
      if (hs >= 8 && hs <= img.size()) {
        const std::uint32_t c = crc32(img.data(), hs - 4);
        for (int i = 0; i < 4; ++i) img[hs - 4 + i] = static_cast<std::uint8_t>(c >> (8 * i));
      }
    }
  }
  auto f = fmc_parse(img.data(), img.size());
  if (!f.ok()) {
    FMC_FUZZ_CHECK(expected_error(f.status().code()), "fmc_parse: %s",
                   f.status().to_string().c_str());
    return 0;
  }
  FMC_FUZZ_CHECK(fmc_validate(f.value()).ok(), "parsed file does not validate: %s",
                 fmc_validate(f.value()).to_string().c_str());
  FMC_FUZZ_CHECK(fmc_serialize(f.value()) == img, "parse + serialize changes the bytes");

  auto t = fmc_decompress(f.value());
  if (!t.ok()) {
    FMC_FUZZ_CHECK(expected_error(t.status().code()), "fmc_decompress: %s",
                   t.status().to_string().c_str());
    return 0;
  }
  FMC_FUZZ_CHECK(tensor_check(t.value()).ok(), "decoded tensor invalid: %s",
                 tensor_check(t.value()).to_string().c_str());
  FMC_FUZZ_CHECK(t.value().shape == f.value().shape, "shape changed");
  FMC_FUZZ_CHECK(t.value().values.size() == f.value().num_words, "element count changed");
  FMC_FUZZ_CHECK(t.value().dtype == f.value().dtype, "dtype changed");
  auto c = fmc_compress(t.value(), f.value().params);
  FMC_FUZZ_CHECK(c.ok(), "recompress failed: %s", c.status().to_string().c_str());
  const auto bytes = fmc_serialize(c.value());
  auto f2 = fmc_parse(bytes.data(), bytes.size());
  FMC_FUZZ_CHECK(f2.ok(), "own container does not parse: %s", f2.status().to_string().c_str());
  auto t2 = fmc_decompress(f2.value());
  FMC_FUZZ_CHECK(
      t2.ok() && t2.value().values == t.value().values && t2.value().shape == t.value().shape,
      "recompressed container does not round-trip");
  return 0;
}
