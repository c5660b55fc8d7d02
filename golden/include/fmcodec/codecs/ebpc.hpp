// SPDX-License-Identifier: Apache-2.0
/// @file ebpc.hpp
/// EBPC (Extended Bit-Plane Compression, Cavigelli et al. 2019) golden codec, bit-exact with the
/// authors' open RTL stream format. The normative description is docs/ebpc-format.md; the section
/// numbers in the comments below refer to it.
///
/// Two APIs:
///  1. whole buffer: `ebpc_encode()` / `ebpc_decode()`;
///  2. streaming: `EbpcEncoder` takes one input word at a time and releases stream words as soon as
///     they are complete *and* their `last` flag is known; `EbpcDecoder` takes stream words one at a
///     time and releases decoded words as soon as they are known. The co-simulation compares the RTL
///     against these objects beat by beat.
///
/// Values are passed as signed integers in [-2^(m-1), 2^(m-1)-1] (m = data width); stream words
/// as unsigned m-bit integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fmcodec/bitio.hpp"
#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

namespace fmc {

/// EBPC's container Codec_Id and registry name.
inline constexpr std::uint8_t kEbpcCodecId = 1;

/// EBPC stream errors (docs/ebpc-format.md §7). The values are the RTL decoder's `err_code_o`.
enum class EbpcError : std::uint8_t {
  kZnzTruncated = 1,  ///< the ZNZ stream ended before all words were decoded
  kBpcTruncated = 2,  ///< the BPC stream ended inside a block (or is empty but data needs it)
  kZnzTrailing = 3,   ///< the ZNZ stream goes on after the last word (extra words / padding not 0)
  kBpcTrailing = 4,   ///< the BPC stream goes on after the last block (extra words / padding not 0)
  kRunOverflow = 5,   ///< a ZNZ zero run reaches past the word count
  kBadCode = 6,       ///< impossible BPC symbol (run past block end, position out of range, ...)
  kZeroNonzero = 7,   ///< ZNZ says "non-zero" but the BPC value decodes to 0, or stuffing not 0
  kValueRange = 8,    ///< a reconstructed value does not fit in the data width
};
/// "ZnzTruncated", ...; "Unknown" for a value outside the enum.
const char* ebpc_error_name(EbpcError e);

template <>
struct StreamErrorTraits<EbpcError> {
  static constexpr std::uint8_t kCodecId = kEbpcCodecId;
  static constexpr const char* kCodecName = "ebpc";
  static const char* name(EbpcError e) { return ebpc_error_name(e); }
};

/// Maximum ZNZ zero run (§2); fixed by the format (4-bit run field).
inline constexpr unsigned kEbpcMaxZeroRun = 16;

/// Codec parameters (§1): data width m and block size n.
struct EbpcParams {
  unsigned data_width = 8;  ///< m: 8 or 16
  unsigned block_size = 8;  ///< n: 8 or 16, n <= m

  /// Ok for the supported combinations 8/8, 16/8, 16/16; kBadParams with a reason otherwise.
  Status validate() const;
};

/// The two coded streams of one transmission.
struct EbpcStreams {
  std::vector<std::uint32_t> znz;  ///< ZNZ stream words (m bits each)
  std::vector<std::uint32_t> bpc;  ///< BPC stream words (m bits each); empty when all words are 0
};

/// Streaming EBPC encoder for one transmission at a time (§2, §3).
///
/// Usage: push() every input word, the final one with `last = true`; pop_znz()/pop_bpc() return
/// released stream beats in order. After the final word the encoder is done(); reset() starts a new
/// transmission. A stream word is released when it is complete and known not to be the last one,
/// or at the end of the transmission; this is the earliest moment hardware can emit it with its
/// `last` flag.
class EbpcEncoder {
 public:
  /// Precondition: `params.validate().ok()` (use create() to check).
  explicit EbpcEncoder(const EbpcParams& params);
  /// Checked constructor: kBadParams for an illegal combination.
  static Result<EbpcEncoder> create(const EbpcParams& params);

  /// Adds one input word. Errors: kBadInput if `value` does not fit in m signed bits, or if the
  /// transmission already ended (done()). On error nothing changes.
  Status push(std::int32_t value, bool last);

  /// Next released ZNZ beat, or nullopt if none is released yet.
  std::optional<StreamBeat> pop_znz();
  /// Next released BPC beat, or nullopt if none is released yet.
  std::optional<StreamBeat> pop_bpc();

  /// True after the word with `last = true` was pushed.
  bool done() const { return done_; }
  /// Input words pushed in this transmission.
  std::uint64_t words_in() const { return words_in_; }
  /// The complete streams. Precondition: done().
  EbpcStreams streams() const { return {znz_.words(), bpc_.words()}; }
  /// Starts a new transmission (clears all state, keeps parameters).
  void reset();
  /// The parameters.
  const EbpcParams& params() const { return p_; }

 private:
  void emit_block();
  void flush_zero_run();

  EbpcParams p_;
  BitWriter znz_;
  BitWriter bpc_;
  std::int32_t block_[16] = {};
  unsigned block_fill_ = 0;
  unsigned zero_run_ = 0;
  std::uint64_t words_in_ = 0;
  std::size_t znz_popped_ = 0;
  std::size_t bpc_popped_ = 0;
  bool done_ = false;
};

/// Streaming EBPC decoder for one transmission of `num_words` words.
///
/// Feed ZNZ and BPC stream words in any interleaving with push_znz()/push_bpc() (the final word of
/// each stream with `last = true`); pop() returns decoded words as soon as they are known. An
/// all-zero transmission has an empty BPC stream: then no BPC word is pushed at all.
///
/// Every corruption is reported, never hidden: running out of a stream that is marked ended
/// (kZnzTruncated, kBpcTruncated), a stream that goes on after the data is complete or has non-zero
/// padding (kZnzTrailing, kBpcTrailing), a zero run past num_words (kRunOverflow), an impossible
/// symbol (kBadCode), a non-zero flag whose value decodes to 0 or non-zero stuffing (kZeroNonzero),
/// a value outside m bits (kValueRange). After an error status() stays failed (sticky) and pop()
/// returns nothing more. Bounded work: each call does O(words pushed) work at most.
class EbpcDecoder {
 public:
  /// Preconditions: `params.validate().ok()`, num_words >= 1.
  EbpcDecoder(const EbpcParams& params, std::uint64_t num_words);
  /// Checked constructor: kBadParams for illegal parameters, kBadInput for num_words == 0.
  static Result<EbpcDecoder> create(const EbpcParams& params, std::uint64_t num_words);

  /// Adds one ZNZ stream word (its low m bits; higher bits must be 0). Returns status().
  /// Pushing after the stream's last word is kZnzTrailing.
  Status push_znz(std::uint32_t word, bool last);
  /// Adds one BPC stream word. Returns status(). Pushing after the last word is kBpcTrailing.
  Status push_bpc(std::uint32_t word, bool last);

  /// Next decoded word, or nullopt when none is known yet (or after an error).
  std::optional<std::int32_t> pop();

  /// Sticky error state (ok while no error was found).
  const Status& status() const { return status_; }
  /// True when all num_words words were decoded and both streams checked to their end, with no
  /// error (a word pushed after that is an error and makes done() false again).
  bool done() const { return done_ && status_.ok(); }
  /// Words decoded so far (popped or not).
  std::uint64_t words_decoded() const { return out_.size(); }
  /// Every word decoded so far, also when an error was found afterwards (for verification: the
  /// words a hardware decoder may already have emitted before it sees the same error). A block
  /// that fails its checks contributes no word.
  const std::vector<std::int32_t>& decoded() const { return out_; }
  /// True while the decoder can make no progress without a further ZNZ word.
  bool wants_znz() const;
  /// True while the decoder can make no progress without a further BPC word.
  bool wants_bpc() const;

 private:
  void step();
  enum class BlockTry { kOk, kNeedMore, kError };
  BlockTry try_decode_block();
  void fail(EbpcError code, std::string message);
  void fail(ErrorCode code, std::string message);
  void final_checks();
  void check_padding(const BitReader& rd, const std::vector<std::uint32_t>& words, bool ended,
                     EbpcError code, const char* name);

  EbpcParams p_;
  std::uint64_t num_words_;
  std::vector<std::uint32_t> znz_words_;
  std::vector<std::uint32_t> bpc_words_;
  BitReader znz_rd_;
  BitReader bpc_rd_;
  bool znz_end_ = false;
  bool bpc_end_ = false;
  std::int32_t block_[16] = {};
  unsigned block_pos_ = 16;  ///< next unread value of block_ (block_size = empty)
  bool have_block_ = false;
  std::uint64_t blocks_ = 0;
  std::uint64_t pending_zeros_ = 0;
  std::vector<std::int32_t> out_;
  std::size_t popped_ = 0;
  bool done_ = false;
  bool blocked_on_znz_ = false;
  bool blocked_on_bpc_ = false;
  Status status_;
};

/// Whole-buffer encode of one transmission. Errors: kBadParams, kBadInput (a value does not fit
/// in m signed bits). `words` may be empty (then both streams are empty).
Result<EbpcStreams> ebpc_encode(const EbpcParams& params, const std::int32_t* words,
                                std::size_t count);
/// Convenience overload.
inline Result<EbpcStreams> ebpc_encode(const EbpcParams& params,
                                       const std::vector<std::int32_t>& words) {
  return ebpc_encode(params, words.data(), words.size());
}

/// Whole-buffer decode of `num_words` words from complete streams (the last word of each vector
/// carries `last`). Every error of EbpcDecoder applies; num_words == 0 requires both streams empty.
/// Memory use is bounded by the stream sizes, not by num_words alone.
/// Whole-buffer encode of words given as a WordView (int32 or the bytes of a tensor).
Result<EbpcStreams> ebpc_encode(const EbpcParams& params, WordView words);

Result<std::vector<std::int32_t>> ebpc_decode(const EbpcParams& params,
                                              const std::vector<std::uint32_t>& znz,
                                              const std::vector<std::uint32_t>& bpc,
                                              std::uint64_t num_words);

/// Encodes one block of n values (§3) into `out`. Exposed for the plain-BPC baseline and tests.
/// Preconditions: params valid, every value fits in m signed bits, `values` has n entries.
void ebpc_encode_block(const EbpcParams& params, const std::int32_t* values, BitWriter& out);

/// The EBPC codec of the registry (codec.hpp): parameter `block` (n), streams 0 = ZNZ, 1 = BPC.
const Codec& ebpc_codec();

}  // namespace fmc
