// The register's credential file; see credential.h.
#include "register/credential.h"

#include <fstream>

namespace kopilka::daemon {

std::string credential_path(const std::string& data_dir) {
  return data_dir + "/office.credential";
}

core::Result<std::string> read_credential(const std::string& data_dir) {
  std::ifstream in(credential_path(data_dir));
  if (!in) return core::Status::not_found("this register is not enrolled with head office yet");
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  if (line.empty()) return core::Status::invalid(credential_path(data_dir) + " is empty");
  return line;
}

}  // namespace kopilka::daemon
