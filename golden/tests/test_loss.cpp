// SPDX-License-Identifier: Apache-2.0
// fmc::reconstruction_loss (codec.hpp): the error figures of a lossy codec's reconstruction.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "fmcodec/codec.hpp"
#include "fmcodec/status.hpp"

using namespace fmc;

TEST_CASE("reconstruction_loss: PSNR against the signed range, max and mean error, exact words",
          "[loss]") {
  const std::vector<std::int32_t> x = {0, 10, -128, 127};
  const std::vector<std::int32_t> y = {0, 7, -127, 127};
  const auto l = reconstruction_loss(WordView(x.data(), x.size(), 8), y);
  REQUIRE(l.ok());
  // Squared errors 0 + 9 + 1 + 0 over 4 words; Q = 127.
  CHECK(l.value().psnr == Approx(10.0 * std::log10(127.0 * 127.0 * 4.0 / 10.0)));
  CHECK(l.value().max_err == 3);
  CHECK(l.value().mae == Approx(1.0));
  CHECK(l.value().exact == Approx(0.5));
  // 16-bit words: Q = 32767.
  const std::vector<std::int32_t> x16 = {1000, -1000}, y16 = {1002, -1000};
  const auto l16 = reconstruction_loss(WordView(x16.data(), x16.size(), 16), y16);
  REQUIRE(l16.ok());
  CHECK(l16.value().psnr == Approx(10.0 * std::log10(32767.0 * 32767.0 * 2.0 / 4.0)));
}

TEST_CASE("reconstruction_loss: exact reconstruction, and the contract", "[loss]") {
  const std::vector<std::int32_t> x = {5, -5, 0};
  const auto l = reconstruction_loss(WordView(x.data(), x.size(), 8), x);
  REQUIRE(l.ok());
  CHECK(std::isinf(l.value().psnr));
  CHECK(l.value().max_err == 0);
  CHECK(l.value().exact == 1.0);
  const std::vector<std::int32_t> shorter = {5, -5};
  const auto bad = reconstruction_loss(WordView(x.data(), x.size(), 8), shorter);
  REQUIRE(!bad.ok());
  CHECK(bad.status().code() == ErrorCode::kBadInput);
  const std::vector<std::int32_t> none;
  CHECK(!reconstruction_loss(WordView(none.data(), 0, 8), none).ok());
}
