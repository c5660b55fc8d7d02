// SPDX-License-Identifier: Apache-2.0
// fmcodec: command-line front end of the golden codec library.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"fmcodec: feature-map codecs (" + fmc::codec_names() +
               ") golden models; compress, decompress, stat, bench"};
  app.require_subcommand(1);
  int exit_code = 0;
  fmc_cli::add_compress(app, exit_code);
  fmc_cli::add_decompress(app, exit_code);
  fmc_cli::add_stat(app, exit_code);
  fmc_cli::add_bench(app, exit_code);
  fmc_cli::add_codecs(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    // Usage errors in the same one-line form as the commands' errors, exit code 1.
    std::cerr << "fmcodec: error: " << e.what() << " (run with --help for usage)\n";
    return 1;
  }
  return exit_code;
}
