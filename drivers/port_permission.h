// Why a serial port could not be opened for lack of permission, in words a technician can act
// on: the service user outside the port's dialout group, or a port whose group is none a
// service user should join (a pty or a device left at root's), which needs a udev rule.
#pragma once

#include <string>

namespace kopilka::drivers {

// The message for EACCES/EPERM when opening `device`.
std::string permission_denied_text(const std::string& device);

}  // namespace kopilka::drivers
