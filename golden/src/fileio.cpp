// SPDX-License-Identifier: Apache-2.0
#include "fmcodec/fileio.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fmc {

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  const bool in = path == "-";
  std::FILE* f = in ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) return Status(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  std::vector<std::uint8_t> bytes;
  struct stat st;
  if (::fstat(::fileno(f), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (!in) std::fclose(f);
      return Status(ErrorCode::kIo, "'" + path + "' is a directory, not a file");
    }
    if (S_ISREG(st.st_mode)) bytes.reserve(static_cast<std::size_t>(st.st_size));
  }
  std::uint8_t buf[1 << 16];
  bool err = false;
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    bytes.insert(bytes.end(), buf, buf + n);
    if (n < sizeof buf) {
      err = std::ferror(f) != 0;
      break;
    }
  }
  const int e = errno;
  if (!in) std::fclose(f);
  if (err) return Status(ErrorCode::kIo, "error reading '" + path + "': " + std::strerror(e));
  return bytes;
}

OutputFile::~OutputFile() { abort(); }

Status OutputFile::open(const std::string& path) {
  abort();
  path_ = path;
  error_ = Status();
  if (path == "-") {
    to_stdout_ = true;
    f_ = stdout;
    return {};
  }
  to_stdout_ = false;
  tmp_ = path + ".tmp." + std::to_string(::getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) {
    error_ = Status(ErrorCode::kIo, "cannot create '" + tmp_ + "': " + std::strerror(errno));
    return error_;
  }
  return {};
}

Status OutputFile::write(const void* data, std::size_t size) {
  if (!error_.ok()) return error_;
  if (!f_) return error_ = Status(ErrorCode::kIo, "write to a file that is not open");
  if (size != 0 && std::fwrite(data, 1, size, f_) != size)
    error_ = Status(ErrorCode::kIo, "cannot write '" + (to_stdout_ ? std::string("<stdout>") : tmp_) +
                                        "': " + std::strerror(errno));
  return error_;
}

Status OutputFile::commit() {
  if (!f_) return error_.ok() ? Status(ErrorCode::kIo, "commit of a file that is not open") : error_;
  if (to_stdout_) {
    f_ = nullptr;
    if (std::fflush(stdout) != 0 && error_.ok())
      error_ = Status(ErrorCode::kIo, std::string("cannot write <stdout>: ") + std::strerror(errno));
    return error_;
  }
  bool ok = error_.ok();
  ok = (std::fflush(f_) == 0) && ok;
  ok = (::fsync(::fileno(f_)) == 0) && ok;
  const int e = errno;
  ok = (std::fclose(f_) == 0) && ok;
  f_ = nullptr;
  if (!ok) {
    std::remove(tmp_.c_str());
    if (error_.ok()) error_ = Status(ErrorCode::kIo, "cannot write '" + tmp_ + "': " + std::strerror(e));
    return error_;
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int re = errno;
    std::remove(tmp_.c_str());
    return error_ = Status(ErrorCode::kIo, "cannot rename '" + tmp_ + "' to '" + path_ +
                                               "': " + std::strerror(re));
  }
  tmp_.clear();
  return {};
}

void OutputFile::abort() {
  if (f_ && !to_stdout_) std::fclose(f_);
  f_ = nullptr;
  if (!tmp_.empty()) std::remove(tmp_.c_str());
  tmp_.clear();
}

Status write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  OutputFile f;
  Status s = f.open(path);
  if (s.ok()) s = f.write(bytes);
  if (s.ok()) s = f.commit();
  return s;
}

}  // namespace fmc
