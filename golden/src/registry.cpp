// SPDX-License-Identifier: Apache-2.0
// The registry of codecs. Adding a codec = its own files + one line in kRegistry below
// (docs/adding-a-codec.md).
#include <algorithm>

#include "fmcodec/codec.hpp"
#include "fmcodec/codecs/dct.hpp"
#include "fmcodec/codecs/ebpc.hpp"
#include "fmcodec/codecs/grlc.hpp"
#include "fmcodec/codecs/mcrc.hpp"
#include "fmcodec/codecs/zvc.hpp"

namespace fmc {

const std::vector<const Codec*>& codecs() {
  static const std::vector<const Codec*> kRegistry = [] {
    std::vector<const Codec*> v = {
        &ebpc_codec(),
        &grlc_codec(),
        &dct_codec(),
        &mcrc_codec(),
        &zvc_codec(),
    };
    std::sort(v.begin(), v.end(), [](const Codec* a, const Codec* b) { return a->id() < b->id(); });
    return v;
  }();
  return kRegistry;
}

std::string codec_names() {
  std::string s;
  for (const Codec* c : codecs()) s += (s.empty() ? "" : ", ") + std::string(c->name());
  return s;
}

Result<const Codec*> find_codec(const std::string& name) {
  for (const Codec* c : codecs())
    if (name == c->name()) return c;
  return Status(ErrorCode::kBadParams,
                "unknown codec '" + name + "' (this build has: " + codec_names() + ")");
}

const Codec* find_codec(std::uint8_t id) {
  for (const Codec* c : codecs())
    if (c->id() == id) return c;
  return nullptr;
}

}  // namespace fmc
