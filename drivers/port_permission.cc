// See port_permission.h.
#include "drivers/port_permission.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <fmt/format.h>

namespace kopilka::drivers {

std::string permission_denied_text(const std::string& device) {
  struct stat st {};
  if (::stat(device.c_str(), &st) != 0)
    return "permission denied: the service user is not in the dialout group (" + device + ")";
  const group* g = ::getgrgid(st.st_gid);
  const std::string group_name = g ? g->gr_name : std::to_string(st.st_gid);
  const bool group_may_use = (st.st_mode & S_IRGRP) != 0 && (st.st_mode & S_IWGRP) != 0;
  if (st.st_gid != 0 && group_may_use)
    return "permission denied: the service user is not in the " + group_name + " group (" + device +
           ")";
  const passwd* p = ::getpwuid(st.st_uid);
  const std::string owner = p ? p->pw_name : std::to_string(st.st_uid);
  // Joining root's group would hand the service root's files: the port needs a group.
  return fmt::format(
      "permission denied: {} is {}:{} mode {:04o}, which the service user may not open; give "
      "the port the dialout group (a udev rule with GROUP=\"dialout\", MODE=\"0660\")",
      device, owner, group_name, st.st_mode & 07777);
}

}  // namespace kopilka::drivers
