// SPDX-License-Identifier: Apache-2.0
/// @file hexfile.hpp
/// `$readmemh`-style stream files: one stream word per line, lower-case hex, zero-padded to the
/// word width (2 digits for 8-bit words, 4 for 16-bit). The known-answer vectors use this format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// Formats `words` (each < 2^width) as hex lines. Precondition: 1 <= width <= 32.
std::string hex_format(const std::vector<std::uint32_t>& words, unsigned width);
/// Parses hex lines. Blank lines and `//` comments are ignored (as $readmemh does); an `@address`
/// line is rejected. kBadFile with the line number for a non-hex token or a value >= 2^width.
Result<std::vector<std::uint32_t>> hex_parse(const std::string& text, unsigned width);
/// Reads and parses a hex file (kIo if unreadable).
Result<std::vector<std::uint32_t>> hex_read(const std::string& path, unsigned width);
/// Writes a hex file atomically.
Status hex_write(const std::string& path, const std::vector<std::uint32_t>& words, unsigned width);

/// Writes one transmission as hex files, the layout of the known-answer vectors: DIR/<stream>.hex
/// for each of the codec's streams (StreamInfo::name) and DIR/params.json (codec, data width,
/// parameters, word count, words per stream). Creates DIR (one level) if it does not exist. All or
/// nothing: on failure the files written so far, and DIR if it was created, are removed.
/// Hex files carry no checksum. Errors: kIo.
Status hex_write_streams(const std::string& dir, const Codec& codec, const CodecConfig& cfg,
                         const Streams& streams, std::uint64_t num_words);
/// Reads DIR/<stream>.hex for each stream of the codec; a missing file is an empty stream, but at
/// least one must exist. Errors: kIo, kBadFile (a malformed line, a word too wide).
Result<Streams> hex_read_streams(const std::string& dir, const Codec& codec,
                                 const CodecConfig& cfg);

}  // namespace fmc
