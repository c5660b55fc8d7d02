// SPDX-License-Identifier: Apache-2.0
/// @file codec.hpp
/// The interface every feature-map codec implements, and the registry that lists them.
///
/// A codec codes one **transmission**: N signed m-bit input words (m = the data width, the width of
/// the tensor's elements) into S coded **streams** of fixed-width words, each a valid/ready port of
/// the RTL cores. The registry (`codecs()`) is the only list of codecs: the CLI, `stat`, `bench`,
/// the container, the property tests and the fuzzers all iterate over it. Adding a codec:
/// docs/adding-a-codec.md.
///
/// Contracts common to every codec:
///  - `encode()` and the streaming encoder produce the same streams; `decode()` and the streaming
///    decoder accept exactly the same streams and report the same first error.
///  - Lossless codecs: decode(encode(x)) == x for every valid x. Lossy codecs: the reconstruction
///    is a function of the streams alone, and |x - decode(encode(x))| <= error_bound() if one is
///    promised.
///  - Streaming encoders release a stream word at the earliest moment hardware can emit it with its
///    `last` flag; streaming decoders release a decoded word as soon as it is known. The
///    co-simulation compares the RTL cores against these objects beat by beat.
///  - Decoders never read out of bounds, allocate at most in proportion to the stream sizes, and
///    report corruption with the codec's own stream-error enum (status.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fmcodec/status.hpp"

namespace fmc {

/// One stream word with its `last` flag, as on a valid/ready port.
struct StreamBeat {
  std::uint32_t data = 0;
  bool last = false;
  bool operator==(const StreamBeat& o) const { return data == o.data && last == o.last; }
};

/// A read-only view of N input words, each a signed m-bit value. Either an int32 array (values
/// not yet checked against m) or the little-endian bytes of a tensor (1 byte per word for m = 8,
/// 2 for m = 16, two's complement: always in range). Cheap to copy; does not own the data.
class WordView {
 public:
  /// How the words are stored.
  enum class Layout : std::uint8_t { kInt32, kLe8, kLe16 };

  WordView() = default;
  /// `count` int32 words. Precondition: `words` valid for `count` entries (may be null if 0);
  /// 1 <= width <= 31.
  WordView(const std::int32_t* words, std::size_t count, unsigned width)
      : data_(words), count_(count), width_(width), layout_(Layout::kInt32) {}
  /// `count` words of `width` (8 or 16) bits as little-endian two's-complement bytes.
  /// Precondition: width is 8 or 16; `bytes` valid for count * width / 8 bytes.
  static WordView le_bytes(const std::uint8_t* bytes, std::size_t count, unsigned width);

  std::size_t size() const { return count_; }
  unsigned width() const { return width_; }
  Layout layout() const { return layout_; }
  /// The storage (int32_t* or uint8_t* by layout()).
  const void* data() const { return data_; }
  /// Word i as a signed value. Precondition: i < size().
  std::int32_t operator[](std::size_t i) const;
  /// Words [first, first + count) as a view. Precondition: first + count <= size().
  WordView slice(std::size_t first, std::size_t count) const;
  /// All words as int32.
  std::vector<std::int32_t> to_vector() const;
  /// Ok if every word fits in width() signed bits; kBadInput naming the first that does not.
  Status check_range() const;

 private:
  const void* data_ = nullptr;
  std::size_t count_ = 0;
  unsigned width_ = 8;
  Layout layout_ = Layout::kInt32;
};

/// One integer parameter of a codec: its schema entry. Values are int64.
struct ParamSpec {
  std::string name;                  ///< as on the command line (--NAME) and in the container
  std::string help;                  ///< one line for --help
  std::vector<std::int64_t> legal;   ///< the legal values (empty: any value in [min, max])
  std::int64_t min = 0, max = 0;     ///< the legal range when `legal` is empty
  std::int64_t fixed_default = 0;    ///< the default, unless default_is_width
  bool default_is_width = false;     ///< the default is the data width m
  /// 0, or k >= 1: when configure() is given the tensor's shape, the default is the size of its
  /// k-th axis from the end (1 = the last, the row width; 2 = the rows), if the shape has k axes
  /// and that size is legal (e.g. a codec that codes planes of the tensor).
  unsigned shape_axis = 0;
  /// When configure() is given the data: the default is 1 if no word is negative, else 0 (a 0/1
  /// parameter telling that the tensor is non-negative, e.g. a ReLU output: DCT's `unsigned`).
  bool default_nonnegative = false;

  /// The default at data width `width`.
  std::int64_t default_for(unsigned width) const {
    return default_is_width ? static_cast<std::int64_t>(width) : fixed_default;
  }
  /// "8|16" or "0..255".
  std::string legal_text() const;
  /// "8", "m (the data width)", or with a shape_axis "the tensor's last axis, else 8".
  std::string default_text() const;
  /// True if `v` is legal for this parameter alone.
  bool allows(std::int64_t v) const;
};

/// Parameter values by name, in the order they were set.
class ParamValues {
 public:
  /// Sets (or replaces) a value.
  void set(const std::string& name, std::int64_t value);
  /// True if `name` has a value.
  bool has(const std::string& name) const;
  /// The value of `name`. Precondition: has(name).
  std::int64_t get(const std::string& name) const;
  /// All entries, in order.
  const std::vector<std::pair<std::string, std::int64_t>>& entries() const { return kv_; }
  bool operator==(const ParamValues& o) const { return kv_ == o.kv_; }

 private:
  std::vector<std::pair<std::string, std::int64_t>> kv_;
};

/// A complete, validated codec configuration: data width and every parameter of the schema.
/// Obtain one from Codec::configure().
struct CodecConfig {
  unsigned data_width = 8;  ///< m
  ParamValues params;       ///< every schema parameter, in schema order
  /// The value of parameter `name`. Precondition: the schema has it (configure() filled it).
  std::int64_t param(const std::string& name) const { return params.get(name); }
  bool operator==(const CodecConfig& o) const {
    return data_width == o.data_width && params == o.params;
  }
};

/// Name and word width of one coded stream.
struct StreamInfo {
  std::string name;      ///< e.g. "znz", "bpc" (hex file names, port names)
  unsigned word_width;   ///< bits per stream word (1..32)
};

/// The coded streams of one transmission, in the codec's stream order.
using Streams = std::vector<std::vector<std::uint32_t>>;
/// Total stream words.
std::uint64_t stream_words(const Streams& s);
/// Total stored bits: sum over streams of words * word width.
std::uint64_t stream_bits(const Streams& s, const std::vector<StreamInfo>& info);

/// Streaming encoder of one transmission at a time. push() every input word, the final one with
/// `last = true`; pop(s) returns the released beats of stream s in order. reset() starts over.
class StreamEncoder {
 public:
  virtual ~StreamEncoder() = default;
  /// Adds one word. Errors: kBadInput if it does not fit in m signed bits or the transmission
  /// already ended. On error nothing changes.
  virtual Status push(std::int32_t word, bool last) = 0;
  /// Next released beat of stream `stream` (< stream count), or nullopt.
  virtual std::optional<StreamBeat> pop(unsigned stream) = 0;
  /// True after the word with `last = true`.
  virtual bool done() const = 0;
  /// Starts a new transmission.
  virtual void reset() = 0;
};

/// Streaming decoder of one transmission of N words. Feed the streams' words in any interleaving
/// with push(); pop() returns decoded words as soon as they are known. After an error, status()
/// stays failed (sticky) and pop() returns nothing more.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  /// Adds one word of stream `stream` (`last` on its final word). Returns status().
  virtual Status push(unsigned stream, std::uint32_t word, bool last) = 0;
  /// Next decoded word, or nullopt.
  virtual std::optional<std::int32_t> pop() = 0;
  /// Sticky error state.
  virtual const Status& status() const = 0;
  /// True when all N words are decoded, every stream was checked to its end, and no error was found.
  virtual bool done() const = 0;
  /// True while no progress is possible without a further word of stream `stream`.
  virtual bool wants(unsigned stream) const = 0;
  /// Every word decoded so far (also after an error: what hardware may already have emitted).
  virtual const std::vector<std::int32_t>& decoded() const = 0;
};

/// A feature-map codec. Implementations are stateless singletons registered in codecs().
class Codec {
 public:
  virtual ~Codec() = default;

  /// Registry name, lower case ("ebpc"): `--codec NAME`, file names, result tables.
  virtual const char* name() const = 0;
  /// One line for --help and tables ("EBPC: extended bit-plane compression (Cavigelli 2019)").
  virtual const char* title() const = 0;
  /// Container Codec_Id (docs/fmc-format.md §3), unique, 1..255; also StreamErrorTraits::kCodecId.
  virtual std::uint8_t id() const = 0;
  /// True when decode(encode(x)) == x always, in every configuration.
  virtual bool lossless() const = 0;
  /// True when decode(encode(x)) == x in this configuration: lossless(), or an error bound of 0
  /// (a near-lossless codec at its lossless setting). Precondition: `cfg` valid.
  bool exact(const CodecConfig& cfg) const;
  /// The data widths m the codec supports.
  virtual std::vector<unsigned> data_widths() const = 0;
  /// The parameter schema.
  virtual const std::vector<ParamSpec>& param_specs() const = 0;
  /// The codec's stream-error values and names (for docs, coverage and tests).
  virtual std::vector<std::pair<std::uint8_t, const char*>> stream_errors() const = 0;
  /// The streams of configuration `cfg`, in order. Precondition: `cfg` valid.
  virtual std::vector<StreamInfo> streams(const CodecConfig& cfg) const = 0;

  /// Whole-buffer encode. Errors: kBadInput if a word does not fit in m signed bits.
  /// Precondition: `cfg` valid, words.width() == cfg.data_width.
  virtual Result<Streams> encode(const CodecConfig& cfg, WordView words) const = 0;
  /// Whole-buffer decode of `num_words` words (num_words = 0 needs every stream empty).
  /// Errors: kBadInput (a stream count or word width that does not match the configuration),
  /// the codec's stream errors. Precondition: `cfg` valid.
  virtual Result<std::vector<std::int32_t>> decode(const CodecConfig& cfg, const Streams& enc,
                                                   std::uint64_t num_words) const = 0;
  /// decode() into the little-endian two's-complement bytes of the words (ceil(m/8) bytes each:
  /// the element bytes of a tensor of the data width), `out` resized to exactly that. The same
  /// errors as decode(). The default packs decode()'s result; a codec overrides it to avoid the
  /// int32 copy (memory: the .fmc reader decodes through it). Precondition: `cfg` valid.
  virtual Status decode_bytes(const CodecConfig& cfg, const Streams& enc, std::uint64_t num_words,
                              std::vector<std::uint8_t>& out) const;
  /// A streaming encoder. Precondition: `cfg` valid.
  virtual std::unique_ptr<StreamEncoder> encoder(const CodecConfig& cfg) const = 0;
  /// A streaming decoder for `num_words` (>= 1) words. Precondition: `cfg` valid.
  virtual std::unique_ptr<StreamDecoder> decoder(const CodecConfig& cfg,
                                                 std::uint64_t num_words) const = 0;
  /// An upper bound of the words that streams of these sizes can code; a reader rejects a larger
  /// word count before allocating anything for it. Precondition: `cfg` valid, stream count right.
  virtual std::uint64_t max_words(const CodecConfig& cfg, const Streams& enc) const = 0;
  /// Lossy codecs: the largest |x - reconstruction| this configuration guarantees, if any.
  virtual std::optional<std::uint32_t> error_bound(const CodecConfig& cfg) const;

  /// Checks of parameter combinations beyond each parameter's legal values (e.g. block <= width).
  /// kBadParams with the reason. Default: none.
  virtual Status check_combination(const CodecConfig& cfg) const;

  /// Builds a configuration from the data width and the given parameters: unknown names are
  /// kBadParams, missing ones take their default (for a parameter with a `shape_axis`, the size
  /// of that axis of `shape` when given and legal; for one with `default_nonnegative`, whether
  /// `data` has no negative word, when given); then validate(). Never fails otherwise.
  Result<CodecConfig> configure(unsigned data_width, const ParamValues& given = {},
                                const std::vector<std::uint64_t>* shape = nullptr,
                                const WordView* data = nullptr) const;
  /// Ok for a complete, legal configuration: a supported width, exactly the schema's parameters
  /// with legal values, check_combination(). kBadParams naming the codec and the parameter.
  Status validate(const CodecConfig& cfg) const;
  /// Name of stream error `code` ("Unknown" if the codec has none of that value).
  const char* stream_error_name(std::uint8_t code) const;
  /// "block=8" style text of a configuration ("m=8 block=8").
  std::string config_text(const CodecConfig& cfg) const;
};

/// The (value, name) table of stream-error enum `E` with values 1..`count` (for
/// Codec::stream_errors()).
template <typename E>
std::vector<std::pair<std::uint8_t, const char*>> stream_error_table(unsigned count) {
  std::vector<std::pair<std::uint8_t, const char*>> v;
  for (unsigned e = 1; e <= count; ++e)
    v.emplace_back(static_cast<std::uint8_t>(e), StreamErrorTraits<E>::name(static_cast<E>(e)));
  return v;
}

/// Every codec of this build, in id order. Registration: golden/src/registry.cpp.
const std::vector<const Codec*>& codecs();
/// The codec named `name`; kBadParams listing the known names otherwise.
Result<const Codec*> find_codec(const std::string& name);
/// The codec with container id `id`, or nullptr.
const Codec* find_codec(std::uint8_t id);
/// "ebpc, zvc" (for messages and --help).
std::string codec_names();

/// The reconstruction error of a lossy codec (docs/baselines.md §1).
struct Loss {
  double psnr = 0;            ///< 10 log10(Q^2 / MSE), Q = 2^(m-1) - 1; +inf when exact
  std::uint64_t max_err = 0;  ///< largest |x - reconstruction|
  double mae = 0;             ///< mean |x - reconstruction|
  double exact = 0;           ///< fraction of words reconstructed exactly
};
/// The loss of reconstruction `y` of the m-bit words `x` (m = x.width()). kBadInput when the
/// sizes differ or `x` is empty.
Result<Loss> reconstruction_loss(const WordView& x, const std::vector<std::int32_t>& y);

}  // namespace fmc
