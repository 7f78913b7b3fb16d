// See port_permission.h.
#include "drivers/port_permission.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace kopilka::drivers {

std::string permission_denied_text(const std::string& device) {
  struct stat st {};
  if (::stat(device.c_str(), &st) != 0)
    return "permission denied: the service user is not in the dialout group (" + device + ")";
  // The reentrant look-ups: kopilkad runs threads beside the scanners' loop (sync, HTTP).
  std::vector<char> buffer(16384);
  group g{};
  group* found_group = nullptr;
  ::getgrgid_r(st.st_gid, &g, buffer.data(), buffer.size(), &found_group);
  const std::string group_name = found_group ? g.gr_name : std::to_string(st.st_gid);
  const bool group_may_use = (st.st_mode & S_IRGRP) != 0 && (st.st_mode & S_IWGRP) != 0;
  if (st.st_gid != 0 && group_may_use)
    return "permission denied: the service user is not in the " + group_name + " group (" + device +
           ")";
  passwd p{};
  passwd* found_user = nullptr;
  ::getpwuid_r(st.st_uid, &p, buffer.data(), buffer.size(), &found_user);
  const std::string owner = found_user ? p.pw_name : std::to_string(st.st_uid);
  // Joining root's group would hand the service root's files: the port needs a group.
  return fmt::format(
      "permission denied: {} is {}:{} mode {:04o}, which the service user may not open; give "
      "the port the dialout group (a udev rule with GROUP=\"dialout\", MODE=\"0660\")",
      device, owner, group_name, st.st_mode & 07777);
}

}  // namespace kopilka::drivers
