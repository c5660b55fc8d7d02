// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the .fmc container parser and decompressor (golden/include/fmcodec/
// container.hpp), for every codec of the registry.
//
// Input: if the first byte is 'F' the whole input is an .fmc image, parsed as is. Otherwise the
// first byte is dropped and the rest is an .fmc image whose header CRC is recomputed before
// parsing (when its Header_Size field, bytes 6-7, allows: the CRC is the header's last 4 bytes in
// versions 1 and 2), so the fuzzer gets past the CRC to the fields behind it. The seeds
// (fuzz_seeds) are containers of the known-answer inputs and the stored version-1 files, in both
// spellings.
//
// Checked:
//  - fmc_parse() never crashes or reads out of bounds and fails only with kBadFile,
//    kUnsupported or kChecksum;
//  - a parsed file passes fmc_validate(), and fmc_serialize() of it parses back to the same
//    fields (version 2, codec, configuration, dtype, shape, word count, streams, data CRC, error
//    bound), whose serialization is the same bytes again (a version-1 input becomes version 2, so
//    the input bytes themselves are not compared);
//  - fmc_decompress() never crashes and fails only with kBadFile, kChecksum or a stream error of
//    the file's codec; a decoded tensor is consistent (check(), dtype, shape, element count, its
//    CRC is the file's data CRC), and for a lossless codec compressing it again with the file's
//    parameters gives the same data CRC and a container that decompresses to the same tensor.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fmcodec/container.hpp"
#include "fuzz_common.hpp"

using namespace fmc;
using namespace fmc_fuzz;

namespace {

bool same_fields(const FmcFile& a, const FmcFile& b) {
  return a.codec == b.codec && a.config == b.config && a.dtype == b.dtype && a.shape == b.shape &&
         a.num_words == b.num_words && a.streams == b.streams && a.data_crc == b.data_crc &&
         a.error_bound == b.error_bound;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> img;
  if (size > 0 && data[0] == 'F') {
    img.assign(data, data + size);
  } else if (size > 0) {
    img.assign(data + 1, data + size);
    if (img.size() >= 8) {
      const std::size_t hs = img[6] | (std::size_t(img[7]) << 8);
      if (hs >= 8 && hs <= img.size()) {
        const std::uint32_t c = crc32(img.data(), hs - 4);
        for (int i = 0; i < 4; ++i) img[hs - 4 + i] = static_cast<std::uint8_t>(c >> (8 * i));
      }
    }
  }

  auto parsed = fmc_parse(img.data(), img.size());
  if (!parsed.ok()) {
    const Status& s = parsed.status();
    FMC_FUZZ_CHECK(
        s.is(ErrorCode::kBadFile) || s.is(ErrorCode::kUnsupported) || s.is(ErrorCode::kChecksum),
        "fmc_parse: %s", s.to_string().c_str());
    return 0;
  }
  const FmcFile& f = parsed.value();
  const Codec& codec = *f.codec;
  const Status valid = fmc_validate(f);
  FMC_FUZZ_CHECK(valid.ok(), "parsed file does not validate: %s", valid.to_string().c_str());
  FMC_FUZZ_CHECK(f.version == 1 || f.version == 2, "version %u parsed", unsigned{f.version});

  const std::vector<std::uint8_t> bytes = fmc_serialize(f);
  auto again = fmc_parse(bytes.data(), bytes.size());
  FMC_FUZZ_CHECK(again.ok(), "%s: a re-serialized file does not parse: %s", codec.name(),
                 again.status().to_string().c_str());
  FMC_FUZZ_CHECK(again.value().version == kFmcVersion, "re-serialized as version %u",
                 unsigned{again.value().version});
  FMC_FUZZ_CHECK(same_fields(f, again.value()), "%s: parse(serialize(f)) has other fields",
                 codec.name());
  FMC_FUZZ_CHECK(fmc_serialize(again.value()) == bytes, "%s: serialization is not stable",
                 codec.name());

  auto t = fmc_decompress(f);
  if (!t.ok()) {
    const Status& s = t.status();
    FMC_FUZZ_CHECK(s.is(ErrorCode::kBadFile) || s.is(ErrorCode::kChecksum) ||
                       (s.is_stream_error() && codec_error(codec, s)),
                   "%s: fmc_decompress: %s", codec.name(), s.to_string().c_str());
    return 0;
  }
  const Tensor& tensor = t.value();
  FMC_FUZZ_CHECK(tensor.check().ok(), "decoded tensor invalid: %s",
                 tensor.check().to_string().c_str());
  FMC_FUZZ_CHECK(tensor.dtype == f.dtype, "dtype changed");
  FMC_FUZZ_CHECK(tensor.shape == f.shape, "shape changed");
  FMC_FUZZ_CHECK(tensor.size() == f.num_words, "element count changed");
  FMC_FUZZ_CHECK(tensor_crc32(tensor) == f.data_crc, "decompressed despite a data CRC mismatch");
  if (!codec.exact(f.config)) return 0;

  auto c = fmc_compress(tensor, codec, f.config.params);
  FMC_FUZZ_CHECK(c.ok(), "%s: recompress fails: %s", codec.name(), c.status().to_string().c_str());
  FMC_FUZZ_CHECK(c.value().data_crc == f.data_crc, "%s: recompress gives another data CRC",
                 codec.name());
  FMC_FUZZ_CHECK(c.value().config == f.config, "%s: recompress gives another configuration",
                 codec.name());
  const auto bytes2 = fmc_serialize(c.value());
  auto f2 = fmc_parse(bytes2.data(), bytes2.size());
  FMC_FUZZ_CHECK(f2.ok(), "%s: own container does not parse: %s", codec.name(),
                 f2.status().to_string().c_str());
  auto t2 = fmc_decompress(f2.value());
  FMC_FUZZ_CHECK(t2.ok() && t2.value().data == tensor.data && t2.value().shape == tensor.shape &&
                     t2.value().dtype == tensor.dtype,
                 "%s: the recompressed container does not round-trip", codec.name());
  return 0;
}
